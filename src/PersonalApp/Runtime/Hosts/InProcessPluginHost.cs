using System.Reflection;
using System.Runtime.CompilerServices;
using PersonalApp.Capabilities;
using PersonalApp.Catalog;

namespace PersonalApp.Runtime.Hosts;

/// <summary>
/// A plugin version in its own collectible <see cref="PluginLoadContext"/> in the host's process, loaded from the stored
/// bytes. Nothing is written to disk unless the host set <see cref="PersonalizationOptions.PluginDirectory"/>: then the DLL
/// and PDB are also written to the version's folder there, for a debugger or an operator (nothing maps them).
/// Calls run on the caller's thread inside the guards, with the call's <see cref="PluginContext"/> current.
/// </summary>
internal sealed class InProcessPluginHost : IPluginHost
{
    private readonly PluginContextFactory? _contexts;
    private PluginLoadContext? _context;
    private readonly string? _folder;

    /// <summary>The last context made for a plugin granted nothing: it holds no capability objects, so one serves every call of that user.</summary>
    private PluginContext? _lastContext;

    private InProcessPluginHost(PluginLoadContext context, object instance, string? folder, PluginContextFactory? contexts)
    {
        _context = context;
        Instance = instance;
        _folder = folder;
        _contexts = contexts;
    }

    public PluginPlacement Placement => PluginPlacement.InProcess;

    public object Instance { get; }

    /// <summary>
    /// Loads the version's bytes into a new collectible context and creates its instance under <paramref name="request"/>'s
    /// limits (the constructor is plugin code too). Throws what the load threw; the caller turns it into a diagnostic.
    /// <paramref name="folder"/>, when not <see langword="null"/>, also gets the DLL and PDB (deleted at unload).
    /// </summary>
    public static InProcessPluginHost Load(PluginLoadRequest request, IReadOnlyDictionary<string, Assembly> shared, string? folder, PluginContextFactory? contexts)
    {
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
            var dllPath = Path.Combine(folder, request.Image.AssemblyName + ".dll");
            WriteAtomically(dllPath, request.Image.Dll);
            if (request.Image.Pdb.Length > 0)
            {
                WriteAtomically(Path.ChangeExtension(dllPath, ".pdb"), request.Image.Pdb);
            }
        }

        var context = new PluginLoadContext(request.Version.Key.ToString(), shared);
        try
        {
            // The DLL only: its PDB (with the source embedded) would cost every loaded plugin its size again in memory; it
            // stays in the catalog (and in the folder, when there is one) for a debugger, and the approval packet shows the source.
            using var dll = new MemoryStream(request.Image.Dll, writable: false);
            var assembly = context.LoadFromStream(dll);
            var type = assembly.GetType(request.Version.TypeName, throwOnError: true)!;
            var created = PluginInvoker.Run(null, request.Limits, () => Activator.CreateInstance(type, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DoNotWrapExceptions, binder: null, args: null, culture: null)!);
            if (!created.IsCompleted)
            {
                throw new InvalidOperationException($"its constructor did not complete: {created.Kind}: {created.Message}", created.Exception);
            }

            var instance = created.Value!;
            if (!request.ContractType.IsInstanceOfType(instance))
            {
                throw new InvalidOperationException($"{type.FullName} does not implement the host's {request.ContractType.FullName}: the contract assembly was not shared with the plugin's load context.");
            }

            return new InProcessPluginHost(context, instance, folder, contexts);
        }
        catch
        {
            context.Unload();
            TryDeleteFolder(folder);
            throw;
        }
    }

    public PluginOutcome<TResult> Invoke<TContract, TResult>(LoadedPlugin plugin, string userId, Func<TContract, TResult> call)
        where TContract : class
        => Invoke<TContract, Func<TContract, TResult>, TResult>(plugin, userId, call, static (contract, run) => run(contract));

    /// <summary>The invoker's fast path: <paramref name="call"/> gets the instance and <paramref name="state"/>, with nothing captured or allocated.</summary>
    public PluginOutcome<TResult> Invoke<TContract, TState, TResult>(LoadedPlugin plugin, string userId, TState state, Func<TContract, TState, TResult> call)
        where TContract : class
        => PluginInvoker.Run(plugin, plugin.GuardLimits, (Instance: (TContract)Instance, State: state, Call: call), static c => c.Call(c.Instance, c.State), ContextFor(plugin, userId));

    [MethodImpl(MethodImplOptions.NoInlining)]
    public WeakReference? Unload()
    {
        var context = Interlocked.Exchange(ref _context, null);
        if (context is null)
        {
            return null;
        }

        var handle = new WeakReference(context);
        context.Unload();
        TryDeleteFolder(_folder);
        return handle;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public WeakReference? LoadContextHandle() => _context is { } context ? new WeakReference(context) : null;

    private PluginContext? ContextFor(LoadedPlugin plugin, string userId)
    {
        if (_contexts is null)
        {
            return null;
        }

        if (plugin.Granted.Count > 0)
        {
            // Capability objects keep per-call state (quotas, rates): fresh ones for every call.
            return _contexts.Create(plugin.Key, plugin.Granted, userId, plugin.GuardLimits.Timeout);
        }

        var last = _lastContext;
        if (last is not null && string.Equals(last.UserId, userId, StringComparison.Ordinal))
        {
            return last;
        }

        return _lastContext = _contexts.Create(plugin.Key, plugin.Granted, userId);
    }

    private static void TryDeleteFolder(string? folder)
    {
        if (folder is null)
        {
            return;
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Loaded from bytes, so nothing holds the files; a failure here only leaves bytes on disk that are rewritten before any load.
        }
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }
}
