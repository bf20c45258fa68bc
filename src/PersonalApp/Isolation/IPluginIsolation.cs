namespace PersonalApp.Isolation;

/// <summary>The isolated tier, as the host sees it: what it enforces and how it is doing.</summary>
public interface IPluginIsolation
{
    /// <summary>Gets what is in force on this machine and the workers' state. Starts the tier if it has not started.</summary>
    IsolationReport Report { get; }
}
