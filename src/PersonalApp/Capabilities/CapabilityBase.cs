using PersonalApp.Approvals;
using PersonalApp.Catalog;

namespace PersonalApp.Capabilities;

/// <summary>
/// What every capability does before it acts: checks that it is used during the call it was handed to (a plugin instance
/// is shared by its users, so a capability kept in a field from one user's call must not serve another's), and counts
/// the use or the refusal.
/// </summary>
internal abstract class CapabilityBase
{
    protected CapabilityBase(string name, PluginVersionKey plugin, string userId, CapabilityUsageRecorder usage)
    {
        Name = name;
        Plugin = plugin;
        UserId = userId;
        Usage = usage;
    }

    public string Name { get; }

    public PluginVersionKey Plugin { get; }

    public string UserId { get; }

    protected CapabilityUsageRecorder Usage { get; }

    /// <summary>Whether <paramref name="context"/> is the one this capability was created for.</summary>
    protected abstract bool IsHeldBy(PluginContext context);

    /// <summary>Throws unless this capability belongs to the plugin call in progress on this thread.</summary>
    protected void EnsureInCall()
    {
        if (PluginContext.CurrentOrNull is { } context && IsHeldBy(context))
        {
            return;
        }

        throw Refuse($"The '{Name}' capability of plugin {Plugin} can be used only during the call it was handed to. Get it from PluginContext.Current in each call instead of keeping it.");
    }

    protected void Used() => Usage.Used(Plugin, Name);

    /// <summary>Counts a refusal and makes the exception for it.</summary>
    protected PluginCapabilityException Refuse(string message, Exception? inner = null)
    {
        Usage.Refused(Plugin, Name);
        return new PluginCapabilityException(Name, message, inner);
    }
}
