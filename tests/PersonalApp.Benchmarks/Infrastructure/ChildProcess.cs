using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace PersonalApp.Benchmarks.Infrastructure;

/// <summary>
/// Runs this program again as a child (<c>--child NAME ...</c>) for figures that need a fresh process: nothing JIT-compiled,
/// nothing loaded. The child prints one line <c>##result## {json}</c> with named numbers.
/// </summary>
internal static class ChildProcess
{
    private const string Marker = "##result## ";

    public static IReadOnlyDictionary<string, double> Run(params string[] arguments)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The benchmark cannot find its own executable.");
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        start.ArgumentList.Add("--child");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The child process did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(Marker, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"The child '{string.Join(' ', arguments)}' failed (exit {process.ExitCode}):\n{output}\n{error.Result}");
        }

        return JsonSerializer.Deserialize<Dictionary<string, double>>(line[Marker.Length..])!;
    }

    /// <summary>In the child: writes the figures for the parent.</summary>
    public static void Report(IReadOnlyDictionary<string, double> figures)
    {
        Console.Out.WriteLine(Marker + JsonSerializer.Serialize(figures));
        Console.Out.Flush();
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
