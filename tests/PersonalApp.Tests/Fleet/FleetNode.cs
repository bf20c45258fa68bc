using System.Diagnostics;
using System.Globalization;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Fleet;

/// <summary>
/// One node of a test fleet: a PersonalApp.FleetHost process (a generic host with PersonalApp on the shared PostgreSQL
/// catalog), driven one command per line. Disposing it ends the process.
/// </summary>
internal sealed class FleetNode : IDisposable
{
    private static readonly TimeSpan AnswerBound = TimeSpan.FromMinutes(2);
    private readonly Process _process;
    private readonly TempDirectory _folder = new();
    private readonly System.Text.StringBuilder _errors = new();

    private FleetNode(string name, string schema)
    {
        Name = name;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PersonalApp.FleetHost.dll"));
        start.ArgumentList.Add(TestPostgres.ConnectionString);
        start.ArgumentList.Add(schema);
        start.ArgumentList.Add(_folder.Path);
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                _errors.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    /// <summary>Starts a node and waits until its host has started (schema migrated, active plugins loaded, listening).</summary>
    public static async Task<FleetNode> StartAsync(string name, string schema)
    {
        var node = new FleetNode(name, schema);
        var ready = await node.ReadAsync();
        Assert.True(ready.StartsWith("ready ", StringComparison.Ordinal), $"{name} did not start: {ready}\n{node.Log}");
        return node;
    }

    public string Log
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Sends a command without waiting for its answer.</summary>
    public void Send(string command)
    {
        _process.StandardInput.WriteLine(command);
        _process.StandardInput.Flush();
    }

    /// <summary>Sends a command and returns its answer line.</summary>
    public async Task<string> AskAsync(string command)
    {
        Send(command);
        return await ReadAsync();
    }

    /// <summary>Sends a command that must succeed and returns what follows "ok".</summary>
    public async Task<string[]> OkAsync(string command)
    {
        var answer = await AskAsync(command);
        Assert.True(answer.StartsWith("ok", StringComparison.Ordinal), $"{Name}: '{command}' answered '{answer}'\n{Log}");
        return answer.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
    }

    public async Task<string> ReadAsync()
    {
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(AnswerBound);
        return line ?? $"(exited with {(_process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "?")})\n{Log}";
    }

    /// <summary>Ends the process with SIGKILL: no shutdown, no finally blocks, an open transaction left to the server.</summary>
    public void KillNine()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.WriteLine("quit");
                _process.StandardInput.Flush();
            }
            catch (IOException)
            {
            }

            if (!_process.WaitForExit(10_000))
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }

        _process.Dispose();
        _folder.Dispose();
    }

    /// <summary>A UTC tick count from the node's answer, as a time.</summary>
    public static DateTimeOffset Ticks(string value) => new(long.Parse(value, CultureInfo.InvariantCulture), TimeSpan.Zero);
}
