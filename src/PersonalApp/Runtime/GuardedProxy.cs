using System.Reflection;

namespace PersonalApp.Runtime;

/// <summary>Implements a contract over a plugin so that every call goes through the invoker.</summary>
/// <remarks>Not sealed: <see cref="DispatchProxy"/> emits a type derived from it for each contract.</remarks>
internal class GuardedProxy : DispatchProxy
{
    private LoadedPlugin? _plugin;
    private PluginInvoker? _invoker;
    private string? _userId;

    /// <summary>A proxy whose calls run on behalf of <paramref name="userId"/> (the owner when <see langword="null"/>).</summary>
    public static object Create(LoadedPlugin plugin, PluginInvoker invoker, string? userId = null)
    {
        var proxy = (GuardedProxy)DispatchProxy.Create(plugin.ContractType, typeof(GuardedProxy));
        proxy._plugin = plugin;
        proxy._invoker = invoker;
        proxy._userId = userId ?? plugin.Owner;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var outcome = _invoker!.Invoke(
            _plugin!,
            _userId!,
            (Method: targetMethod, Args: args),
            static (object instance, (MethodInfo Method, object?[]? Args) call) => call.Method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, call.Args, culture: null));
        return outcome.IsCompleted
            ? outcome.Value
            : throw new PluginInvocationException(outcome.Kind, $"Plugin {outcome.Plugin} did not complete {targetMethod.Name}: {outcome.Kind}. {outcome.Message}", outcome.Exception);
    }
}
