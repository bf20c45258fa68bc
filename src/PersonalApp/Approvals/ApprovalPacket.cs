using System.Text.Json;
using System.Text.Json.Serialization;
using PersonalApp.Catalog;

namespace PersonalApp.Approvals;

/// <summary>
/// Everything an admin reads before deciding on a plugin version, in one object: what was asked and by whom, what it
/// cost, the code (with line numbers, and as a diff to the previous version), what it touches (the APIs it uses and
/// the capabilities it asks for), how it did in verification, the hash that approval approves, and a risk level with
/// the reasons for it (rules in docs/approval.md). <see cref="ToJson"/> gives the same as JSON for a UI or a ticket.
/// </summary>
public sealed record ApprovalPacket
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase), new AudienceJsonConverter() },
    };

    /// <summary>
    /// Gets the version as the catalog holds it: the wish and who asked, the extension point, the model, rounds and tokens,
    /// the source, the hash, the APIs used, the capabilities asked for and granted, the verification results, the decision.
    /// </summary>
    public required PluginVersionInfo Version { get; init; }

    /// <summary>Gets the source with a line number before each line (the numbers diagnostics and checks refer to).</summary>
    public required string NumberedSource { get; init; }

    /// <summary>Gets the version this one would replace or was written from, when there is one.</summary>
    public PluginVersionKey? PreviousVersion { get; init; }

    /// <summary>Gets a unified diff from <see cref="PreviousVersion"/>'s source to this one's, or <see langword="null"/> for a first version.</summary>
    public string? Diff { get; init; }

    /// <summary>Gets who gets the plugin besides its owner.</summary>
    public PluginAudience Audience { get; init; } = PluginAudience.Owner;

    /// <summary>Gets the risk level, by the rules in docs/approval.md.</summary>
    public RiskLevel Risk { get; init; }

    /// <summary>Gets why the risk level is what it is, one reason per rule that applied.</summary>
    public IReadOnlyList<string> RiskReasons { get; init; } = [];

    /// <summary>
    /// Gets where the version runs once approved: for a pending version, where approving it without choosing a placement
    /// puts it (<c>PersonalizationOptions.DefaultPlacement</c>); for a decided one, where it was placed.
    /// </summary>
    public PluginPlacement Placement { get; init; }

    /// <summary>Gets what <see cref="Placement"/> means for the admin, in one sentence.</summary>
    public string PlacementMeaning { get; init; } = string.Empty;

    /// <summary>Gets why the default placement <c>Auto</c> chose in-process for this version (no bubblewrap here, or a contract that cannot cross a process boundary), or <see langword="null"/>.</summary>
    public string? PlacementWarning { get; init; }

    /// <summary>Writes the packet as indented JSON with camelCase names and enums as text.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Writes an audience as its text form (<c>owner</c>, <c>everyone</c>, <c>group:name</c>).</summary>
    private sealed class AudienceJsonConverter : JsonConverter<PluginAudience>
    {
        public override PluginAudience Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => PluginAudience.Parse(reader.GetString());

        public override void Write(Utf8JsonWriter writer, PluginAudience value, JsonSerializerOptions options)
            => writer.WriteStringValue(value.ToString());
    }
}
