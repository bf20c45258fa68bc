namespace PersonalApp.Sandbox;

/// <summary>
/// The default allowlist: pure computation. Everything not listed here is denied. Each entry is a whole type with
/// the members that stay denied, so a change of policy is a change of this file (and of docs/policy.md, which a test
/// regenerates from it).
/// </summary>
internal static class DefaultSandboxPolicy
{
    private static readonly string[] None = [];

    /// <summary>The types plugin source may use.</summary>
    public static IReadOnlyList<TypeRule> Types { get; } = Build();

    /// <summary>Types and members that only compiler-generated code needs; allowed in the IL scan, never in source.</summary>
    public static IReadOnlyList<string> CompilerTypes { get; } =
    [
        "System.Runtime.CompilerServices.DefaultInterpolatedStringHandler",
        "System.Runtime.CompilerServices.CompilerGeneratedAttribute",
        "System.Runtime.CompilerServices.AsyncStateMachineAttribute",
        "System.Runtime.CompilerServices.IteratorStateMachineAttribute",
        "System.Runtime.CompilerServices.ExtensionAttribute",
        "System.Runtime.CompilerServices.IsExternalInit",
        "System.Runtime.CompilerServices.IsReadOnlyAttribute",
        "System.Runtime.CompilerServices.RequiredMemberAttribute",
        "System.Runtime.CompilerServices.SetsRequiredMembersAttribute",
        "System.Runtime.CompilerServices.CompilerFeatureRequiredAttribute",
        "System.Runtime.CompilerServices.TupleElementNamesAttribute",
        "System.Runtime.CompilerServices.CompilationRelaxationsAttribute",
        "System.Runtime.CompilerServices.RuntimeCompatibilityAttribute",
        "System.Runtime.CompilerServices.RefSafetyRulesAttribute",
        "System.Runtime.CompilerServices.PreserveBaseOverridesAttribute",
        "System.Runtime.CompilerServices.DecimalConstantAttribute",
        "System.Runtime.CompilerServices.InlineArrayAttribute",
        "System.Runtime.CompilerServices.ParamCollectionAttribute",
        "System.Runtime.CompilerServices.SwitchExpressionException",
        "System.Runtime.CompilerServices.AsyncTaskMethodBuilder",
        "System.Runtime.CompilerServices.AsyncTaskMethodBuilder`1",
        "System.Runtime.CompilerServices.AsyncValueTaskMethodBuilder",
        "System.Runtime.CompilerServices.AsyncValueTaskMethodBuilder`1",
        "System.Runtime.CompilerServices.IAsyncStateMachine",
        "System.Runtime.CompilerServices.INotifyCompletion",
        "System.Runtime.CompilerServices.ICriticalNotifyCompletion",
        "System.Diagnostics.DebuggerHiddenAttribute",
        "System.Diagnostics.DebuggerStepThroughAttribute",
        "System.Diagnostics.DebuggerBrowsableAttribute",
        "System.Diagnostics.DebuggerBrowsableState",
        "System.Diagnostics.DebuggerDisplayAttribute",
        "System.Diagnostics.DebuggerNonUserCodeAttribute",
        "System.Diagnostics.DebuggableAttribute",
        "System.Diagnostics.DebuggableAttribute.DebuggingModes",
        "System.Attribute",
        "System.AttributeUsageAttribute",
        "System.AttributeTargets",
        "System.IntPtr",
        "System.RuntimeTypeHandle",
        "System.RuntimeFieldHandle",
        "Microsoft.CodeAnalysis.EmbeddedAttribute",
        "System.Runtime.CompilerServices.NullableAttribute",
        "System.Collections.ICollection",
        "System.Collections.IList",
        "System.Runtime.CompilerServices.NullableContextAttribute",
        "System.Runtime.CompilerServices.NullablePublicOnlyAttribute",
        "System.Runtime.CompilerServices.ScopedRefAttribute",
        "System.Runtime.CompilerServices.IsByRefLikeAttribute",
        "System.Runtime.CompilerServices.IsUnmanagedAttribute",
        "System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute",
    ];

    /// <summary>Single members compiler-generated code needs, with why.</summary>
    public static IReadOnlyDictionary<string, string> CompilerMembers { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["M:System.Runtime.CompilerServices.RuntimeHelpers.InitializeArray(System.Array,System.RuntimeFieldHandle)"] = "array initializers",
        ["M:System.Runtime.CompilerServices.RuntimeHelpers.CreateSpan``1(System.RuntimeFieldHandle)"] = "constant spans",
        ["M:System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack"] = "records' ToString",
        ["M:System.Runtime.CompilerServices.RuntimeHelpers.GetSubArray``1(``0[],System.Range)"] = "array ranges",
        ["M:System.Type.GetTypeFromHandle(System.RuntimeTypeHandle)"] = "records' EqualityContract (no other member of Type is allowed)",
        ["M:System.Type.op_Equality(System.Type,System.Type)"] = "records' Equals",
        ["M:System.Type.op_Inequality(System.Type,System.Type)"] = "records' Equals",
        ["M:System.Environment.get_CurrentManagedThreadId"] = "iterators",
        ["M:System.Runtime.InteropServices.CollectionsMarshal.SetCount``1(System.Collections.Generic.List{``0},System.Int32)"] = "collection expressions",
        ["M:System.Runtime.InteropServices.CollectionsMarshal.AsSpan``1(System.Collections.Generic.List{``0})"] = "collection expressions",
        ["M:System.Threading.Interlocked.CompareExchange``1(``0@,``0,``0)"] = "field-like events",
        ["M:System.Delegate.Combine(System.Delegate,System.Delegate)"] = "field-like events",
        ["M:System.Delegate.Remove(System.Delegate,System.Delegate)"] = "field-like events",
        ["M:PersonalApp.Sandbox.PluginGuard.State"] = "injected entry guard (the guard state, read once per function)",
        ["F:PersonalApp.Sandbox.GuardScope.Budget"] = "injected entry and loop guards (the countdown to the next check)",
        ["M:PersonalApp.Sandbox.GuardScope.Slow"] = "injected entry and loop guards (the check when the countdown runs out)",
        ["M:PersonalApp.Sandbox.GuardScope.Deep"] = "injected entry guard of functions with large frames (stack check)",
        ["M:PersonalApp.Sandbox.PluginGuard.Enter"] = "injected entry guard (async functions and iterators)",
        ["M:PersonalApp.Sandbox.PluginGuard.Tick"] = "injected loop guard (async functions and iterators)",
        ["M:PersonalApp.Sandbox.PluginGuard.EnterOrThrow"] = "injected constructor guard (first field initializer)",
        ["M:PersonalApp.Sandbox.PluginGuard.CanCatch"] = "injected catch filter",
        ["M:PersonalApp.Sandbox.PluginGuard.Stopped"] = "injected finally guard",
        ["M:PersonalApp.Sandbox.PluginGuard.Halt"] = "injected stop for ref-returning functions",
        ["M:PersonalApp.Sandbox.PluginGuard.Size(System.Int32)"] = "injected size guard",
        ["M:PersonalApp.Sandbox.PluginGuard.Size(System.Int64)"] = "injected size guard",
        ["M:PersonalApp.Sandbox.PluginGuard.Dimension(System.Int32,System.Boolean)"] = "injected array size guard",
        ["M:PersonalApp.Sandbox.PluginGuard.RegexTimeout(System.TimeSpan)"] = "injected regex timeout",
    };

    /// <summary>Members only the compiler's own helper type (&lt;PrivateImplementationDetails&gt;) may use, for inline arrays.</summary>
    public static IReadOnlySet<string> PrivateImplementationMembers { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "M:System.Runtime.CompilerServices.Unsafe.As``2(``0@)",
        "M:System.Runtime.CompilerServices.Unsafe.Add``1(``0@,System.Int32)",
        "M:System.Runtime.InteropServices.MemoryMarshal.CreateSpan``1(``0@,System.Int32)",
        "M:System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan``1(``0@,System.Int32)",
        "M:System.Runtime.CompilerServices.Unsafe.AsRef``1(``0@)",
    };

    private static List<TypeRule> Build()
    {
        var rules = new List<TypeRule>
        {
            T("System.Object", ["GetType"], note: "no GetType: reflection is not allowed"),
            T("System.Void"),
            T("System.ValueType"),
            T("System.EventHandler"),
            T("System.EventHandler`1"),
            T("System.EventArgs"),
            T("System.String", ["Intern", "IsInterned"], note: "no Intern or IsInterned: the intern pool is process-wide"),
            T("System.Char"),
            T("System.Boolean"),
            T("System.Byte"),
            T("System.SByte"),
            T("System.Int16"),
            T("System.UInt16"),
            T("System.Int32"),
            T("System.UInt32"),
            T("System.Int64"),
            T("System.UInt64"),
            T("System.Int128"),
            T("System.UInt128"),
            T("System.Single"),
            T("System.Double"),
            T("System.Decimal"),
            T("System.Half"),
            T("System.Math"),
            T("System.MathF"),
            T("System.Convert"),
            T("System.BitConverter"),
            T("System.Enum"),
            T("System.Array", ["CreateInstance", "CreateInstanceFromArrayType"]),
            T("System.DateTime", ["get_Now", "get_UtcNow", "get_Today", "ToUniversalTime", "ToLocalTime", "ToFileTime", "FromFileTime", "ToOADate"], note: "no Now, UtcNow, Today or local-time conversions: the current time and zone come through the contract"),
            T("System.DateTimeOffset", ["get_Now", "get_UtcNow", "op_Implicit", "ToLocalTime", "get_LocalDateTime", "FromFileTime"], note: "no Now, UtcNow or local-time conversions"),
            T("System.DateOnly"),
            T("System.TimeOnly"),
            T("System.TimeSpan"),
            T("System.DayOfWeek"),
            T("System.DateTimeKind"),
            T("System.Guid", ["NewGuid", "CreateVersion7"], note: "no NewGuid: no randomness"),
            T("System.Nullable`1"),
            T("System.Nullable"),
            T("System.ValueTuple"),
            T("System.Tuple"),
            T("System.Span`1"),
            T("System.ReadOnlySpan`1"),
            T("System.Memory`1"),
            T("System.ReadOnlyMemory`1"),
            T("System.MemoryExtensions"),
            T("System.Index"),
            T("System.Range"),
            T("System.HashCode"),
            T("System.StringComparison"),
            T("System.StringComparer"),
            T("System.StringSplitOptions"),
            T("System.MidpointRounding"),
            T("System.Comparison`1"),
            T("System.Predicate`1"),
            T("System.Converter`2"),
            T("System.Lazy`1"),
            T("System.IComparable"),
            T("System.IComparable`1"),
            T("System.IEquatable`1"),
            T("System.IFormattable"),
            T("System.IFormatProvider"),
            T("System.IDisposable"),
            T("System.Exception", ["get_TargetSite", "GetType"]),
            T("System.ArgumentException"),
            T("System.ArgumentNullException"),
            T("System.ArgumentOutOfRangeException"),
            T("System.InvalidOperationException"),
            T("System.NotSupportedException"),
            T("System.FormatException"),
            T("System.OverflowException"),
            T("System.ArithmeticException"),
            T("System.DivideByZeroException"),
            T("System.IndexOutOfRangeException"),
            T("System.InvalidCastException"),
            T("System.ObsoleteAttribute"),
            T("System.FlagsAttribute"),
            T("System.Collections.IEnumerable"),
            T("System.Collections.IEnumerator"),
            T("System.Collections.Generic.List`1"),
            T("System.Collections.Generic.Dictionary`2"),
            T("System.Collections.Generic.HashSet`1"),
            T("System.Collections.Generic.SortedDictionary`2"),
            T("System.Collections.Generic.SortedList`2"),
            T("System.Collections.Generic.SortedSet`1"),
            T("System.Collections.Generic.Queue`1"),
            T("System.Collections.Generic.Stack`1"),
            T("System.Collections.Generic.LinkedList`1"),
            T("System.Collections.Generic.LinkedListNode`1"),
            T("System.Collections.Generic.PriorityQueue`2"),
            T("System.Collections.Generic.KeyValuePair`2"),
            T("System.Collections.Generic.KeyValuePair"),
            T("System.Collections.Generic.IEnumerable`1"),
            T("System.Collections.Generic.IEnumerator`1"),
            T("System.Collections.Generic.ICollection`1"),
            T("System.Collections.Generic.IList`1"),
            T("System.Collections.Generic.IReadOnlyCollection`1"),
            T("System.Collections.Generic.IReadOnlyList`1"),
            T("System.Collections.Generic.IDictionary`2"),
            T("System.Collections.Generic.IReadOnlyDictionary`2"),
            T("System.Collections.Generic.ISet`1"),
            T("System.Collections.Generic.IReadOnlySet`1"),
            T("System.Collections.Generic.IComparer`1"),
            T("System.Collections.Generic.IEqualityComparer`1"),
            T("System.Collections.Generic.Comparer`1"),
            T("System.Collections.Generic.EqualityComparer`1"),
            T("System.Collections.Generic.CollectionExtensions"),
            T("System.Collections.Generic.KeyNotFoundException"),
            T("System.Collections.ObjectModel.ReadOnlyCollection`1"),
            T("System.Collections.ObjectModel.ReadOnlyDictionary`2"),
            T("System.Collections.Immutable.ImmutableArray"),
            T("System.Collections.Immutable.ImmutableArray`1"),
            T("System.Collections.Immutable.ImmutableList"),
            T("System.Collections.Immutable.ImmutableList`1"),
            T("System.Collections.Immutable.ImmutableDictionary"),
            T("System.Collections.Immutable.ImmutableDictionary`2"),
            T("System.Collections.Immutable.ImmutableHashSet"),
            T("System.Collections.Immutable.ImmutableHashSet`1"),
            T("System.Linq.Enumerable", note: "LINQ to objects; not Queryable or expression trees"),
            T("System.Linq.IGrouping`2"),
            T("System.Linq.ILookup`2"),
            T("System.Linq.IOrderedEnumerable`1"),
            T("System.Linq.Lookup`2"),
            T("System.Text.StringBuilder"),
            T("System.Text.Rune"),
            T(
                "System.Text.RegularExpressions.Regex",
                ["CompileToAssembly", "set_CacheSize", "InfiniteMatchTimeout"],
                denyWhen: m => (m.Name == "#ctor" || m.IsStatic) && !m.IsField && m.Name is not "Escape" and not "Unescape" && !m.Parameters.Contains("System.TimeSpan", StringComparison.Ordinal),
                note: "constructors and static methods only with a matchTimeout argument"),
            T("System.Text.RegularExpressions.Match"),
            T("System.Text.RegularExpressions.Group"),
            T("System.Text.RegularExpressions.Capture"),
            T("System.Text.RegularExpressions.MatchCollection"),
            T("System.Text.RegularExpressions.GroupCollection"),
            T("System.Text.RegularExpressions.CaptureCollection"),
            T("System.Text.RegularExpressions.RegexOptions"),
            T("System.Text.RegularExpressions.MatchEvaluator"),
            T("System.Text.RegularExpressions.ValueMatch"),
            T("System.Text.RegularExpressions.RegexMatchTimeoutException"),
            T(
                "System.Globalization.CultureInfo",
                ["set_CurrentCulture", "set_CurrentUICulture", "set_DefaultThreadCurrentCulture", "set_DefaultThreadCurrentUICulture", "ClearCachedData", "CreateSpecificCulture"],
                note: "read cultures, never change the thread's or the process's"),
            T("System.Globalization.NumberStyles"),
            T("System.Globalization.DateTimeStyles"),
            T("System.Globalization.NumberFormatInfo"),
            T("System.Globalization.DateTimeFormatInfo"),
            T("System.Globalization.CompareOptions"),
            T("System.Globalization.CompareInfo"),
            T("System.Globalization.TextInfo"),
            T("System.Globalization.ISOWeek"),
            T("System.Globalization.UnicodeCategory"),
            T("System.Globalization.CharUnicodeInfo"),
            T("System.Threading.CancellationToken", ["Register", "UnsafeRegister", "get_WaitHandle"]),
            T(
                "System.Threading.Tasks.Task",
                ["Run", "Delay", "Wait", "WaitAll", "WaitAny", "Yield", "get_Factory", "Start", "RunSynchronously", "ContinueWith", "WhenAll", "WhenAny", "WhenEach"],
                note: "completed tasks only (FromResult, CompletedTask): no Run, Delay, Wait, Yield or continuations"),
            T("System.Threading.Tasks.Task`1", ["Wait", "get_Factory", "Start", "RunSynchronously", "ContinueWith", "get_Result"]),
            T("System.Threading.Tasks.ValueTask"),
            T("System.Threading.Tasks.ValueTask`1"),
            T("System.Threading.Tasks.TaskStatus"),
            T("System.Runtime.CompilerServices.TaskAwaiter", note: "for await"),
            T("System.Runtime.CompilerServices.TaskAwaiter`1"),
            T("System.Runtime.CompilerServices.ValueTaskAwaiter"),
            T("System.Runtime.CompilerServices.ValueTaskAwaiter`1"),
            T("System.Runtime.CompilerServices.ConfiguredTaskAwaitable"),
            T("System.Runtime.CompilerServices.ConfiguredTaskAwaitable`1"),
            T("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable"),
            T("System.Runtime.CompilerServices.ConfiguredValueTaskAwaitable`1"),
        };

        rules.Add(T("System.ValueTuple`1"));
        for (var arity = 2; arity <= 8; arity++)
        {
            rules.Add(T($"System.ValueTuple`{arity}"));
            rules.Add(T($"System.Tuple`{arity}"));
        }

        rules.Add(T("System.Tuple`1"));
        rules.Add(T("System.Action"));
        for (var arity = 1; arity <= 16; arity++)
        {
            rules.Add(T($"System.Action`{arity}"));
            rules.Add(T($"System.Func`{arity}"));
        }

        rules.Add(T("System.Func`17"));
        return rules;
    }

    /// <summary>Namespaces allowed whole: attributes with no behaviour.</summary>
    public static IReadOnlyList<string> Namespaces { get; } = ["System.Diagnostics.CodeAnalysis"];

    private static TypeRule T(string typeId, string[]? except = null, Func<MemberKey, bool>? denyWhen = null, string? note = null)
        => new(typeId, except ?? None, denyWhen, note);
}
