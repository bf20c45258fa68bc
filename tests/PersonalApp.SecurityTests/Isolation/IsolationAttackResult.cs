using PersonalApp.Catalog;
using PersonalApp.Runtime;

namespace PersonalApp.SecurityTests.Isolation;

/// <summary>What one attack did against the isolated tier.</summary>
public sealed record IsolationAttackResult(string Name, string Attack, PluginOutcomeKind Outcome, bool HostSurvived, bool InnocentAnswered, bool WorkerReplaced, IReadOnlyList<string> Leaked, string Detail);
