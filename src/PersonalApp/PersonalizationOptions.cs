using PersonalApp.Catalog;
namespace PersonalApp;

/// <summary>Options for PersonalApp. Validated at start-up; a bad value stops the host with a message naming it.</summary>
public sealed class PersonalizationOptions
{
    /// <summary>The largest value <see cref="MaxWishLength"/> may take.</summary>
    public const int WishLengthCeiling = 4_000;

    /// <summary>
    /// Gets or sets the path of the SQLite file that holds requests, plugin versions and the audit log.
    /// Required. The folder is created when missing.
    /// </summary>
    public string StorePath { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets a folder where each plugin version loaded in process is also written (its DLL and PDB, one sub-folder
    /// per version, deleted when it unloads), for a debugger or an operator. Versions always load from the stored bytes;
    /// by default (<see langword="null"/>) nothing is written, which keeps file-system work off the load path.
    /// </summary>
    public string? PluginDirectory { get; set; }

    /// <summary>Gets or sets how many times the model may be asked to repair code that does not compile. 0 to 10; default 3.</summary>
    public int MaxRepairRounds { get; set; } = 3;

    /// <summary>Gets or sets the largest model answer accepted, in UTF-8 bytes. 1 KB to 1 MB; default 64 KB.</summary>
    public int MaxAnswerBytes { get; set; } = 64 * 1024;

    /// <summary>Gets or sets the longest wish accepted, in characters. 1 to 4,000; default 4,000.</summary>
    public int MaxWishLength { get; set; } = WishLengthCeiling;

    /// <summary>Gets or sets the model id passed to the chat client, or <see langword="null"/> to use the client's default.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the most tokens one model answer may use. 256 to 64,000; default 4,000.</summary>
    public int MaxOutputTokens { get; set; } = 4_000;

    /// <summary>Gets or sets how long one request may take in all, model calls included. 1 second to 1 hour; default 5 minutes.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets a value indicating whether Roslyn is warmed up in the background at start-up,
    /// so the first request does not pay the first-compile cost (about two seconds). Default <see langword="true"/>.
    /// </summary>
    public bool WarmUpCompiler { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether each compiled candidate's checks (the extension point's acceptance checks
    /// and the model's checks of the wish) run before it is stored for approval, in a one-shot isolated worker. A failing
    /// check goes back to the model within the repair budget. Default <see langword="true"/>.
    /// </summary>
    public bool VerifyCandidates { get; set; } = true;

    /// <summary>Gets how the isolated worker processes run (the security boundary).</summary>
    public Isolation.IsolationOptions Isolation { get; } = new();

    /// <summary>
    /// Gets or sets where an approved plugin runs when the admin does not say: <see cref="PlacementDefault.Auto"/> (the
    /// default: in an isolated worker when bubblewrap works here and the contract can cross a process boundary, otherwise
    /// in-process with a warning in the isolation report and the approval packet), <see cref="PlacementDefault.InProcess"/>
    /// (fast, behind the in-process layers) or <see cref="PlacementDefault.Isolated"/> (always in a worker process).
    /// </summary>
    public PlacementDefault DefaultPlacement { get; set; } = PlacementDefault.Auto;

    /// <summary>Gets what compiling one model answer may cost the host: its nesting depth, its size, and a time budget.</summary>
    public Compilation.CompileLimits Compile { get; } = new();

    /// <summary>Gets the sandbox's policy (what plugin code may use) and the limits of each plugin call.</summary>
    public Sandbox.SandboxOptions Sandbox { get; } = new();

    /// <summary>Gets what the capabilities a plugin can be granted may do: storage quotas, the log's rate, HTTP's approved hosts.</summary>
    public Capabilities.CapabilityOptions Capabilities { get; } = new();

    /// <summary>
    /// Gets or sets the most model tokens (input and output) one user's requests may use per UTC day, or
    /// <see langword="null"/> (the default) for no limit. 1,000 to 10 billion. A request past it is refused with PA0905.
    /// </summary>
    public long? MaxTokensPerUserPerDay { get; set; }

    /// <summary>
    /// Gets or sets the most model tokens all users' requests together may use per UTC day, or <see langword="null"/>
    /// (the default) for no limit. 1,000 to 10 billion. A request past it is refused with PA0906.
    /// </summary>
    public long? MaxTokensPerDay { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the user who asked for a plugin may approve it themselves. Default
    /// <see langword="true"/>, because who is an admin is the host's to decide; set <see langword="false"/> to have
    /// <see cref="IPluginApprovals"/> refuse such an approval with PA0505 (four eyes), whatever the caller's rights.
    /// </summary>
    public bool AllowSelfApproval { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether a new wish is first matched against the approved plugins of its extension
    /// point, so an existing plugin is offered instead of spending tokens. Default <see langword="true"/>; a request can
    /// opt out with <see cref="PersonalizationRequest.ReuseExisting"/>.
    /// </summary>
    public bool ReuseApprovedPlugins { get; set; } = true;

    /// <summary>
    /// Gets or sets how similar (cosine, 0.5 to 1.0; default 0.9) a wish's embedding must be to an approved plugin's wish for
    /// the plugin to be offered. Used only when the host registers an <c>IEmbeddingGenerator&lt;string, Embedding&lt;float&gt;&gt;</c>;
    /// without one, only wishes that are the same once normalized (case, punctuation, spaces) match.
    /// </summary>
    public double ReuseSimilarityThreshold { get; set; } = 0.9;

    /// <summary>
    /// Gets or sets how many plugin versions placed in process may be loaded at once, or <see langword="null"/> (the
    /// default) for as many as this process can map: on Linux about 6,900 under the default <c>vm.max_map_count</c>
    /// (each collectible load context takes about seven memory mappings), elsewhere no limit. Past it, the versions
    /// handed out least recently by <c>GetAll</c> are unloaded; each loads again, with every check, the next time it is
    /// handed out. A feature a caller still holds keeps working, and its version stays in memory until it is dropped.
    /// 1 to 1,000,000.
    /// </summary>
    public int? MaxLoadedInProcess { get; set; }
}
