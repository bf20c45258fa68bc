namespace PersonalApp.Catalog;

/// <summary>Who wrote a verification check.</summary>
public enum CheckOrigin
{
    /// <summary>The host: an acceptance check declared on the extension point. A failure blocks approval.</summary>
    Host,

    /// <summary>The model: a check of the user's own wish, written beside the plugin.</summary>
    Model,
}
