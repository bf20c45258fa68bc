namespace PersonalApp.Worker.Protocol;

/// <summary>A plugin's capability call, forwarded by the worker to the host. It names no user: the token decides that.</summary>
/// <param name="Token">The token of the call in progress (<see cref="CallGrant.Token"/>).</param>
/// <param name="PluginKey">The plugin version the worker says is calling; must match the token's.</param>
/// <param name="Operation">What to do.</param>
/// <param name="Key">The storage key, when the operation takes one.</param>
/// <param name="Text">The value, prefix, message or URL, when the operation takes one.</param>
/// <param name="Number">The increment's delta.</param>
public sealed record CapabilityRequest(string Token, string PluginKey, CapabilityOperation Operation, string? Key = null, string? Text = null, long Number = 0);
