using PersonalApp.Approvals;

namespace PersonalApp.Runtime;

/// <summary>An active plugin handed to the host: the contract instance and what it is.</summary>
/// <typeparam name="TContract">The extension point's contract.</typeparam>
/// <param name="Key">Which plugin version this is.</param>
/// <param name="Owner">The user it belongs to.</param>
/// <param name="Wish">The wish it was written for.</param>
/// <param name="Instance">The plugin itself. Callers may finish a call on it after a newer version replaces it.</param>
public sealed record PersonalFeature<TContract>(PluginVersionKey Key, string Owner, string Wish, TContract Instance)
    where TContract : class;
