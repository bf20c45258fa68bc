using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace PersonalApp.Isolation;

/// <summary>
/// Starts worker processes the strongest way this machine allows: under bubblewrap (new namespaces, so no network;
/// a read-only view of the system, the worker's own image and its scratch folder only; a cleared environment;
/// --die-with-parent), or else as a plain child with a cleared environment. Either way under prlimit and with a
/// managed heap cap. The worker's files are copied into an image folder of their own, so nothing of the host's
/// folders (its data among them) needs to be visible to the worker.
/// </summary>
internal sealed class WorkerLauncher
{
    private const string WorkerAssembly = "PersonalApp.Worker.dll";

    private readonly IsolationOptions _options;
    private readonly string _root;
    private readonly string _image;
    private readonly string _dotnet;
    private readonly string? _bwrap;
    private readonly string? _prlimit;
    private readonly List<Process> _started = [];
    private bool _stopped;
    private int _next;

    public WorkerLauncher(IsolationOptions options, IEnumerable<string> contractAssemblies)
    {
        _options = options;
        _root = Path.GetFullPath(options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"personalapp-isolation-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}"));
        _image = Path.Combine(_root, "image");
        _dotnet = FindDotnet();
        _prlimit = OperatingSystem.IsLinux() ? Which("prlimit") : null;
        _bwrap = options.Bubblewrap == SandboxRequirement.Never || !OperatingSystem.IsLinux() ? null : Which("bwrap");
        BuildImage(contractAssemblies);
        if (_bwrap is not null && !Works(_bwrap))
        {
            _bwrap = null;
        }

        if (_bwrap is null && options.Bubblewrap == SandboxRequirement.Required)
        {
            throw new PersonalizationException(
                DiagnosticIds.IsolationUnavailable,
                "PersonalizationOptions.Isolation.Bubblewrap is Required, but bubblewrap (bwrap) is not installed or does not work here. Install it (apt-get install bubblewrap) or set Bubblewrap to WhenAvailable.");
        }

        Report = BuildReport();
    }

    public IsolationReport Report { get; }

    /// <summary>Where a contract assembly is, as the worker sees it (a copy inside its image).</summary>
    public string InImage(string assemblyPath) => Path.Combine(_image, Path.GetFileName(assemblyPath));

    /// <summary>Starts a worker; <paramref name="scratch"/> is its own folder, writable by it and visible to it at the same path.</summary>
    public Process Start(out string scratch)
    {
        scratch = Path.Combine(_root, "w" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(scratch);
        var worker = Path.Combine(_image, WorkerAssembly);
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = scratch,
        };
        start.Environment.Clear();
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_GCHeapHardLimit"] = "0x" + _options.HeapLimitBytes.ToString("X", CultureInfo.InvariantCulture),
            ["DOTNET_gcServer"] = "0",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1",
            ["DOTNET_EnableDiagnostics"] = "0",
            ["HOME"] = scratch,
            ["TMPDIR"] = scratch,
        };

        var command = new List<string>();
        if (_prlimit is not null)
        {
            command.AddRange([_prlimit, $"--nproc={_options.MaxProcesses}", "--nofile=512", "--core=0", "--"]);
        }

        if (_bwrap is not null)
        {
            command.AddRange([_bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--clearenv"]);
            foreach (var (name, value) in environment)
            {
                command.AddRange(["--setenv", name, value]);
            }

            command.AddRange(["--ro-bind", "/usr", "/usr"]);
            foreach (var dir in new[] { "/lib", "/lib64", "/bin", "/sbin" })
            {
                command.AddRange(["--ro-bind-try", dir, dir]);
            }

            var dotnetRoot = Path.GetDirectoryName(_dotnet)!;
            if (!dotnetRoot.StartsWith("/usr/", StringComparison.Ordinal))
            {
                command.AddRange(["--ro-bind", dotnetRoot, dotnetRoot]);
            }

            command.AddRange(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--ro-bind", _image, _image, "--bind", scratch, scratch, "--chdir", scratch, "--"]);
        }
        else
        {
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            // The worker's direct parent is this process (prlimit execs it), so it can arm a parent-death signal and
            // watch its parent; under bubblewrap's pid namespace this id would mean nothing to it.
            start.Environment["PERSONALAPP_HOST_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        }

        command.AddRange([_dotnet, worker, scratch]);
        start.FileName = command[0];
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        lock (_started)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            var process = LauncherThread.Start(start);
            _started.RemoveAll(Ended);
            _started.Add(process);
            return process;
        }
    }

    /// <summary>
    /// Kills every worker this launcher started that is still running, and starts no more: whatever a race left out of
    /// the pool's hands (a worker taken from the warm queue while the pool was disposed) ends with the pool.
    /// </summary>
    public void StopAll()
    {
        List<Process> started;
        lock (_started)
        {
            _stopped = true;
            started = [.. _started];
            _started.Clear();
        }

        foreach (var process in started.Where(p => !Ended(p)))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Ended, or disposed by its WorkerProcess, meanwhile.
            }
        }
    }

    public void DeleteWorkDirectory()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Workers may still be exiting; a leftover temp folder is harmless.
        }
    }

    private static bool Ended(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true; // Disposed by its WorkerProcess, which killed it first.
        }
    }

    private IsolationReport BuildReport()
    {
        var inForce = new List<string>
        {
            $"managed heap cap {_options.HeapLimitBytes / (1024 * 1024):N0} MB (DOTNET_GCHeapHardLimit)",
            $"wall-clock deadline: a call's sandbox timeout + {_options.DeadlineMargin.TotalMilliseconds:N0} ms, then the worker is killed",
            $"results capped at {_options.MaxResponseBytes:N0} bytes",
            "environment cleared",
            "a worker that crashes, hangs or breaks a limit is killed and replaced",
            "a worker ends when the host does, even mid-call (a parent-death signal, a watchdog thread, the end of its channel)",
        };
        var notInForce = new List<string>();
        if (_bwrap is not null)
        {
            inForce.Add("bubblewrap: no network (new network namespace), read-only system, only the worker's image and scratch folder visible (not the host's data), --die-with-parent");
        }
        else
        {
            notInForce.Add(_options.Bubblewrap == SandboxRequirement.Never
                ? "file-system and network isolation: bubblewrap turned off in options"
                : "file-system and network isolation: bubblewrap (bwrap) is not installed or does not work here");
        }

        if (_prlimit is not null)
        {
            var root = OperatingSystem.IsLinux() && Environment.UserName == "root";
            (root ? notInForce : inForce).Add(root
                ? $"process-count limit (prlimit --nproc={_options.MaxProcesses}): set, but not enforced for root"
                : $"process-count limit {_options.MaxProcesses} (prlimit --nproc)");
            inForce.Add("no core dumps, at most 512 open files (prlimit)");
        }
        else
        {
            notInForce.Add("process-count and file limits: prlimit is not available");
        }

        return new IsolationReport(_bwrap is not null ? IsolationMode.Bubblewrap : IsolationMode.PlainProcess, inForce, notInForce);
    }

    /// <summary>Copies the worker and its dependencies (from its deps.json) and the contract assemblies into the image folder.</summary>
    private void BuildImage(IEnumerable<string> contractAssemblies)
    {
        Directory.CreateDirectory(_image);
        var source = Path.GetDirectoryName(typeof(WorkerLauncher).Assembly.Location) ?? AppContext.BaseDirectory;
        var workerPath = Path.Combine(source, WorkerAssembly);
        if (!File.Exists(workerPath))
        {
            throw new PersonalizationException(
                DiagnosticIds.IsolationUnavailable,
                $"The isolated worker ({WorkerAssembly}) is not beside PersonalApp.dll in '{source}'. Reference the PersonalApp package (it ships the worker), or publish without trimming it away.");
        }

        var files = new HashSet<string>(StringComparer.Ordinal) { WorkerAssembly, "PersonalApp.Worker.runtimeconfig.json", "PersonalApp.Worker.deps.json" };
        using (var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(source, "PersonalApp.Worker.deps.json"))))
        {
            foreach (var target in deps.RootElement.GetProperty("targets").EnumerateObject())
            {
                foreach (var library in target.Value.EnumerateObject())
                {
                    if (library.Value.TryGetProperty("runtime", out var runtime))
                    {
                        foreach (var asset in runtime.EnumerateObject())
                        {
                            files.Add(Path.GetFileName(asset.Name));
                        }
                    }
                }
            }
        }

        foreach (var file in files)
        {
            var from = Path.Combine(source, file);
            if (File.Exists(from))
            {
                File.Copy(from, Path.Combine(_image, file), overwrite: true);
            }
        }

        foreach (var contract in contractAssemblies.Distinct(StringComparer.Ordinal))
        {
            File.Copy(contract, InImage(contract), overwrite: true);
        }
    }

    /// <summary>Checks that bubblewrap can create its namespaces here (it cannot in some containers).</summary>
    private static bool Works(string bwrap)
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(bwrap, ["--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "--", "/bin/true"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            });
            return probe is not null && probe.WaitForExit(10_000) && probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string FindDotnet()
    {
        // The runtime directory is <dotnet root>/shared/Microsoft.NETCore.App/<version>/.
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(candidate) ? candidate : Which("dotnet") ?? "dotnet";
    }

    private static string? Which(string program)
        => (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
