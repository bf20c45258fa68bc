using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PersonalApp;

/// <summary>The one <see cref="ActivitySource"/> and <see cref="Meter"/> of PersonalApp, both named <c>PersonalApp</c>.</summary>
internal static class PersonalAppTelemetry
{
    public const string Name = "PersonalApp";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Requests = Meter.CreateCounter<long>("personalapp.request.count", description: "Requests, tagged with their outcome.");

    public static readonly Histogram<double> CompileDuration = Meter.CreateHistogram<double>("personalapp.plugin.compile.duration", unit: "s", description: "Time to compile one candidate.");

    public static readonly Counter<long> Tokens = Meter.CreateCounter<long>("personalapp.model.tokens", unit: "{token}", description: "Tokens used by the model, tagged input or output.");

    public static readonly Counter<long> TokensSaved = Meter.CreateCounter<long>("personalapp.model.tokens.saved", unit: "{token}", description: "Tokens not spent because an approved plugin was offered instead.");

    public static readonly Counter<long> CapabilityUses = Meter.CreateCounter<long>("personalapp.capability.uses", unit: "{use}", description: "Uses of plugin capabilities, tagged with the capability and whether it was refused.");
}
