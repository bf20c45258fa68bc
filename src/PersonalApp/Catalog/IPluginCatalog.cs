namespace PersonalApp.Catalog;

/// <summary>
/// The catalog of requests, immutable plugin versions and the append-only audit log. SQLite is the embedded
/// implementation; a fleet shares a server database. An implementation stores and reads; the rules of which status may
/// follow which live in <see cref="PluginLifecycle"/>, which writes through <see cref="Apply"/>.
/// </summary>
/// <remarks>Every write that changes state is one transaction with its audit entries: it happens whole or not at all.</remarks>
internal interface IPluginCatalog
{
    /// <summary>Gets where the catalog lives, for messages (a file path, or a database without its password).</summary>
    string Location { get; }

    /// <summary>Creates or checks the schema once; throws <see cref="PersonalizationException"/> for a database it must not touch.</summary>
    void EnsureOpen();

    /// <summary>Records a request as running, with its audit entry.</summary>
    void InsertRequest(string requestId, string userId, string wish, string? extensionPoint, string? pluginId);

    /// <summary>Closes a request as failed, keeping its last source and diagnostics for the user and the admin.</summary>
    void FailRequest(string requestId, string userId, string? pluginId, string? lastSource, IReadOnlyList<PersonalizationDiagnostic> diagnostics, int repairRounds, long inputTokens, long outputTokens);

    /// <summary>
    /// Marks every request still <c>running</c> as <c>interrupted</c>, each with an audit entry, and returns how many: called
    /// once at start-up, for the requests a previous process was working on when it stopped.
    /// </summary>
    int MarkInterruptedRequests();

    /// <summary>
    /// Checks the whole store when opening it left that to the background (a large embedded file); throws PA0601 when it
    /// is damaged, and refuses every later use of it. Nothing for a catalog that checked everything at open, or whose
    /// database server keeps its own integrity.
    /// </summary>
    void VerifyIntegrity()
    {
    }

    /// <summary>Records a request answered by an approved plugin instead of the model, and the tokens that saved.</summary>
    void InsertReusedRequest(string requestId, string userId, string wish, string extensionPoint, PluginVersionKey reused, long tokensSaved, string how);

    /// <summary>Stores a new immutable version (number = last + 1) as pending approval, and closes its request.</summary>
    PluginVersionKey InsertVersion(NewPluginVersion version);

    /// <summary>One version, or <see langword="null"/> when there is none.</summary>
    PluginVersionInfo? GetVersion(PluginVersionKey key);

    /// <summary>The newest version of a plugin, whatever its status.</summary>
    PluginVersionInfo? GetLatest(string pluginId);

    /// <summary>Every version with the given status (every version when <see langword="null"/>), oldest first.</summary>
    IReadOnlyList<PluginVersionInfo> List(PluginStatus? status);

    /// <summary>
    /// The active versions, oldest first, with what loading them needs: a catalog may leave out the source, the
    /// diagnostics, the APIs used and the checks (<see cref="VersionRow.LoadingColumns"/>); read those with
    /// <see cref="GetVersion"/> when wanted. Start-up reads the whole catalog with it.
    /// </summary>
    IReadOnlyList<PluginVersionInfo> ListActiveForLoading() => List(PluginStatus.Active);

    /// <summary>Every version of one plugin, oldest first.</summary>
    IReadOnlyList<PluginVersionInfo> ListVersions(string pluginId);

    /// <summary>The stored bytes of a version and the hash recorded when it was generated.</summary>
    PluginImage? GetImage(PluginVersionKey key);

    /// <summary>
    /// Applies status changes and their audit entries in one transaction, each only if the version still has the status
    /// the change expects. Throws <see cref="CatalogConflictException"/>, changing nothing, when one does not.
    /// </summary>
    void Apply(CatalogChange change);

    /// <summary>Who gets a plugin besides its owner (the owner only when no admin promoted it).</summary>
    PluginAudience GetAudience(string pluginId);

    /// <summary>
    /// Who gets each plugin that an admin shared beyond its owner, read at once (start-up reads them all, not one query per
    /// plugin); <see langword="null"/> from a catalog that reads them only one at a time (<see cref="GetAudience"/>).
    /// </summary>
    IReadOnlyDictionary<string, PluginAudience>? GetAudiences() => null;

    /// <summary>Changes who gets a plugin, with its audit entry, in one transaction.</summary>
    void SetAudience(string pluginId, int version, PluginAudience audience, string actor, string reason);

    /// <summary>Records that a version was compiled and checked again against changed host assemblies, and passed.</summary>
    void RecordRecheck(PluginVersionKey key, string fingerprint);

    /// <summary>The tokens (input and output) requests created since <paramref name="since"/> recorded: one user's, or everyone's.</summary>
    long TokensUsedSince(DateTimeOffset since, string? userId);

    /// <summary>The tokens saved by reuse since <paramref name="since"/>: one user's, or everyone's.</summary>
    long TokensSavedSince(DateTimeOffset since, string? userId);

    /// <summary>Appends one entry to the audit log.</summary>
    void AppendAudit(string action, string actor, string? pluginId, int? version, string? reason);

    /// <summary>Appends entries to the audit log, in one transaction where the catalog can (start-up audits a batch, not a transaction per plugin).</summary>
    void AppendAudit(IReadOnlyList<AuditRecord> entries)
    {
        foreach (var entry in entries)
        {
            AppendAudit(entry.Action, entry.Actor, entry.PluginId, entry.Version, entry.Reason);
        }
    }

    /// <summary>The audit log, oldest first: all of it, or one plugin's.</summary>
    IReadOnlyList<AuditEntry> GetAudit(string? pluginId);
}
