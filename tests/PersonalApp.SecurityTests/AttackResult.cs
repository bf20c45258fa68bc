namespace PersonalApp.SecurityTests;

/// <summary>What happened to one attack: which layer stopped it, whether the host survived, whether a secret leaked.</summary>
public sealed record AttackResult(AttackCase Case, string StoppedBy, bool Ran, bool HostSurvived, bool SecretLeaked, string Detail)
{
    /// <summary>Gets a value indicating whether, for an attack layer 1 stopped, the IL scan alone (layer 1 off) refuses it too.</summary>
    public bool? Layer2Alone { get; init; }

    /// <summary>The attack passed every static layer and was not run in-process, because only process isolation can stop it.</summary>
    public const string LeftForIsolation = "isolation";

    /// <summary>No layer stopped it.</summary>
    public const string Nothing = "nothing";
}
