namespace PersonalApp;

/// <summary>The stable ids of PersonalApp's diagnostics; docs/diagnostics.md explains each and what to do.</summary>
internal static class DiagnosticIds
{
    public const string General = "PA0001";

    // Request validation: no model call is made.
    public const string WishEmpty = "PA0101";
    public const string WishTooLong = "PA0102";
    public const string UserIdMissing = "PA0103";
    public const string ExtensionPointUnknown = "PA0104";
    public const string ExtensionPointAmbiguous = "PA0105";
    public const string NoExtensionPoints = "PA0106";
    public const string PluginUnknown = "PA0107";
    public const string UserIdInvalid = "PA0108";

    // The model's answer.
    public const string ModelCallFailed = "PA0201";
    public const string AnswerTooLarge = "PA0202";
    public const string NoCode = "PA0203";
    public const string SeveralCandidates = "PA0204";
    public const string WrongInterface = "PA0205";
    public const string NotInstantiable = "PA0206";

    // Compile and repair.
    public const string CompileError = "PA0301";
    public const string RepairGaveUp = "PA0302";
    public const string RepairNoProgress = "PA0303";
    public const string RequestTimedOut = "PA0304";
    public const string CodeTooDeep = "PA0305";
    public const string CodeTooLarge = "PA0306";
    public const string CompileBudgetSpent = "PA0307";
    public const string ModelCheckFailed = "PA0310";
    public const string HostCheckFailed = "PA0311";
    public const string ApprovalBlockedByChecks = "PA0312";

    // Loading.
    public const string HashMismatch = "PA0401";
    public const string LoadFailed = "PA0402";

    // Admin calls.
    public const string VersionNotFound = "PA0501";
    public const string InvalidTransition = "PA0502";
    public const string ActorMissing = "PA0503";
    public const string VersionChanged = "PA0504";
    public const string SelfApprovalRefused = "PA0505";

    // Sandbox.
    public const string PolicyDenied = "PA0801";
    public const string PolicyForbiddenConstruct = "PA0802";
    public const string ILScanDenied = "PA0803";
    public const string PluginDisabled = "PA0804";
    public const string PluginCallFailed = "PA0805";

    /// <summary>A plugin returned a view past <c>ViewLimits</c> (blocks, rows, cells, text length, chart points) or with a malformed table or chart.</summary>
    public const string ViewTooLarge = "PA0806";

    // Capabilities, versions and scope, reuse and cost.
    public const string CapabilityUndeclared = "PA0901";
    public const string CapabilityUnknown = "PA0902";
    public const string CapabilityUnused = "PA0903";
    public const string ContractChanged = "PA0904";
    public const string UserTokenBudgetSpent = "PA0905";
    public const string HostTokenBudgetSpent = "PA0906";
    public const string ExistingPluginOffered = "PA0907";
    public const string GrantNotRequested = "PA0908";

    // Store and configuration.
    public const string StoreUnreadable = "PA0601";
    public const string StoreSchemaNewer = "PA0602";
    public const string StoreUnavailable = "PA0603";
    public const string NoChatClient = "PA0701";
    public const string ContractUnusable = "PA0702";
    public const string IsolationUnavailable = "PA0703";
    public const string ContractNotIsolatable = "PA0704";
}
