using System.Diagnostics;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.EndToEnd;

/// <summary>
/// Runs the sample's real demo (with its offline demo model, which is internal to the sample) as a child process,
/// from the TicketKiosk.dll copied beside this test assembly.
/// </summary>
public sealed class TicketKioskDemoTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Demo_RunWithTheOfflineModel_FinishesEveryStepAndExitsZero(bool isolated)
    {
        var kiosk = Path.Combine(AppContext.BaseDirectory, "TicketKiosk.dll");
        Assert.True(File.Exists(kiosk), $"{kiosk} is built beside the tests");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet ? dotnet : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory.Path,
        };
        start.ArgumentList.Add(kiosk);
        start.ArgumentList.Add("--demo");
        start.ArgumentList.Add("--data");
        start.ArgumentList.Add(_directory.Combine("kiosk"));
        if (isolated)
        {
            start.ArgumentList.Add("--isolated");
        }

        // The offline demo model is used only when no real model is configured.
        foreach (var variable in new[] { "PERSONALAPP_OPENAI_ENDPOINT", "PERSONALAPP_OLLAMA_ENDPOINT", "PERSONALAPP_MODEL", "PERSONALAPP_API_KEY" })
        {
            start.Environment.Remove(variable);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using (var guard = new CancellationTokenSource(TimeSpan.FromMinutes(10)))
        {
            try
            {
                await process.WaitForExitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
        }

        var stdout = await output;
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}\n{stdout}\n{await errors}");
        Assert.Contains("The kiosk restarts", stdout, StringComparison.Ordinal);
        Assert.Contains("Demo finished", stdout, StringComparison.Ordinal);
        Assert.Contains("offline demo model", stdout, StringComparison.Ordinal);
        Assert.Contains(isolated ? "runs in an isolated worker" : "runs in-process", stdout, StringComparison.Ordinal);
        Assert.Contains("Risk          Low", stdout, StringComparison.Ordinal);
        Assert.Contains("+    private const decimal Rate = 0.25m;", stdout, StringComparison.Ordinal);
        Assert.Contains("ok: Ben's counter kept its data in the store across the restart", stdout, StringComparison.Ordinal);
        Assert.Contains("ok: the approved report is offered instead of writing a new one", stdout, StringComparison.Ordinal);
        Assert.Contains("ok: the day's takings add up (242.00)", stdout, StringComparison.Ordinal);
        Assert.Contains("09:00         3    50.00", stdout, StringComparison.Ordinal);
    }
}
