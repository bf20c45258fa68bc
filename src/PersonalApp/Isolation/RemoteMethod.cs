using System.Collections.Concurrent;
using System.Reflection;
using PersonalApp.Worker.Protocol;

namespace PersonalApp.Isolation;

/// <summary>
/// A contract method as the call channel sends it, worked out once per method: its signature (how the worker finds it),
/// its parameter types (how the arguments are written) and its return type (how the result is read). Contract methods are
/// the host's own, never a plugin's, so keeping them for the life of the process holds no load context alive.
/// </summary>
internal sealed class RemoteMethod
{
    private static readonly ConcurrentDictionary<MethodInfo, RemoteMethod> Known = new();

    private RemoteMethod(MethodInfo method)
    {
        Signature = CallFrames.Signature(method);
        Parameters = [.. method.GetParameters().Select(p => p.ParameterType)];
        ReturnType = method.ReturnType == typeof(void) ? null : method.ReturnType;
    }

    public string Signature { get; }

    public Type[] Parameters { get; }

    /// <summary>Gets the type the result is read as, or null for a method that returns nothing.</summary>
    public Type? ReturnType { get; }

    public static RemoteMethod For(MethodInfo method) => Known.GetOrAdd(method, static m => new RemoteMethod(m));
}
