namespace PersonalApp.Tests.Architecture;

/// <summary>
/// The engine's layers, bottom first, as docs/architecture.md draws them: a type may use its own layer and the layers
/// below it, never one above. Folders are namespaces; the few types of the root namespace belong to the layer that
/// owns them (the diagnostics to the bottom, each front door to the layer that implements it). Options types
/// (<c>*Options</c>) are plain configuration that every layer may read, so they have no layer.
/// </summary>
internal static class LayerMap
{
    public static readonly IReadOnlyList<(string Layer, string[] Namespaces)> Layers =
    [
        ("catalog types", ["PersonalApp.Catalog"]),
        ("compilation", ["PersonalApp.Compilation", "PersonalApp.Sandbox", "PersonalApp.ExtensionPoints", "PersonalApp.Views"]),
        ("catalog stores", ["PersonalApp.Sqlite"]),
        ("capabilities", ["PersonalApp.Capabilities"]),
        ("isolation", ["PersonalApp.Isolation"]),
        ("verification", ["PersonalApp.Verification"]),
        ("generation", ["PersonalApp.Generation"]),
        ("activation", ["PersonalApp.Runtime", "PersonalApp.Runtime.Hosts"]),
        ("approvals", ["PersonalApp.Approvals"]),
        ("surfaces", ["PersonalApp.Hosting", "Microsoft.Extensions.DependencyInjection"]),
    ];

    /// <summary>Root-namespace types, by the layer that owns them.</summary>
    public static readonly IReadOnlyDictionary<string, string?> RootTypes = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["DiagnosticIds"] = "catalog types",
        ["PersonalizationDiagnostic"] = "catalog types",
        ["DiagnosticCap"] = "catalog types",
        ["PlacementDefault"] = "catalog types",
        ["PersonalizationSeverity"] = "catalog types",
        ["PersonalizationException"] = "catalog types",
        ["PersonalAppTelemetry"] = "catalog types",
        ["PersonalizationOptionsValidator"] = null,
        ["IPersonalizer"] = "generation",
        ["PersonalizerExtensions"] = "generation",
        ["PersonalizationRequest"] = "generation",
        ["PersonalizationResult"] = "generation",
        ["PersonalizationResultKind"] = "generation",
        ["PersonalizationStage"] = "generation",
        ["PersonalizationProgress"] = "generation",
        ["IPersonalFeatures"] = "activation",
        ["PersonalFeature`1"] = "activation",
        ["IPluginApprovals"] = "approvals",
        ["PersonalizationBuilder"] = "surfaces",
    };

    /// <summary>The layer of one of the engine's types by its namespace and name; <see langword="null"/> for configuration.</summary>
    public static string? LayerOf(string @namespace, string name)
    {
        if (name.EndsWith("Options", StringComparison.Ordinal))
        {
            return null;
        }

        if (@namespace == "PersonalApp")
        {
            return RootTypes.TryGetValue(name, out var owner) ? owner : "unmapped";
        }

        foreach (var (layer, namespaces) in Layers)
        {
            if (namespaces.Contains(@namespace, StringComparer.Ordinal))
            {
                return layer;
            }
        }

        return "unmapped";
    }

    public static int Rank(string layer) => Layers.Select((l, i) => (l.Layer, i)).Single(l => l.Layer == layer).i;
}
