namespace PersonalApp.Worker.Protocol;

/// <summary>The capabilities of one call into an isolated plugin, served by the host.</summary>
/// <param name="Token">
/// A random token valid only while this call is in progress, on this worker's connection, for this plugin and this call's
/// user: the worker sends it back with every capability call. The host decides everything else (user, quotas, grants).
/// </param>
/// <param name="Capabilities">The capability names granted to the plugin version (the others are absent in the worker).</param>
/// <param name="UserId">The user the call runs for, for <c>PluginContext.UserId</c>: information for the plugin, never authority (the token decides whose data a call reaches).</param>
public sealed record CallGrant(string Token, IReadOnlyList<string> Capabilities, string UserId);
