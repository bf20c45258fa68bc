using PersonalApp.Runtime;

namespace PersonalApp;

/// <summary>Gives the host the live plugins of an extension point for a user. Thread-safe; cheap enough to call per use.</summary>
public interface IPersonalFeatures
{
    /// <summary>
    /// Gets the active plugins implementing <typeparamref name="TContract"/> that apply to <paramref name="userId"/>:
    /// the user's own, oldest first.
    /// </summary>
    /// <typeparam name="TContract">A contract declared with <c>AddExtensionPoint&lt;TContract&gt;()</c>.</typeparam>
    /// <param name="userId">The user whose features to get.</param>
    /// <returns>A snapshot; a plugin approved or revoked later does not change it.</returns>
    IReadOnlyList<PersonalFeature<TContract>> GetAll<TContract>(string userId)
        where TContract : class;
}
