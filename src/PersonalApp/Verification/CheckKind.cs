namespace PersonalApp.Verification;

/// <summary>Where a check of a plugin version comes from.</summary>
public enum CheckKind
{
    /// <summary>An acceptance example the host gave with the extension point, run against every candidate.</summary>
    HostExample,

    /// <summary>A check of the user's own wish, written by the model beside the plugin.</summary>
    ModelCheck,
}
