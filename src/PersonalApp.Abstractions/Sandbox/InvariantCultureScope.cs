using System.Globalization;

namespace PersonalApp.Sandbox;

/// <summary>
/// Makes the invariant culture (and UI culture) current for one plugin call and restores the caller's afterwards,
/// without allocating on the common paths. Setting <see cref="CultureInfo.CurrentCulture"/> writes an
/// <c>AsyncLocal</c>, which makes a new <see cref="ExecutionContext"/> on every write (four writes, about 350 bytes, per
/// call). Instead: nothing is written when the caller's cultures already are invariant; otherwise the invariant context
/// made from the caller's execution context is kept per thread and put back with <see cref="ExecutionContext.Restore"/>
/// while the caller's context is the same object (execution contexts are immutable, so the same object means the same
/// values), and the caller's own context is restored at the end.
/// </summary>
/// <remarks>
/// Restoring the caller's execution context also undoes any other async-local value a capability's host code left set
/// during the call, which the plugin's call should never leak into its caller anyway. The thread keeps its last
/// caller's context (and the invariant one made from it) until its next call from another context.
/// </remarks>
internal readonly struct InvariantCultureScope
{
    /// <summary>
    /// The process's default culture, made by the runtime from the machine's locale and read-only from the start: when
    /// its name is empty (the C or POSIX locale) its data are the invariant culture's, so a call needs no change.
    /// </summary>
    private static readonly CultureInfo Installed = CultureInfo.InstalledUICulture;

    [ThreadStatic]
    private static ExecutionContext? t_caller;

    [ThreadStatic]
    private static ExecutionContext? t_invariant;

    private readonly ExecutionContext? _caller;
    private readonly CultureInfo? _culture;
    private readonly CultureInfo? _uiCulture;

    private InvariantCultureScope(ExecutionContext? caller, CultureInfo? culture, CultureInfo? uiCulture)
    {
        _caller = caller;
        _culture = culture;
        _uiCulture = uiCulture;
    }

    /// <summary>Makes the invariant cultures current; the result restores the caller's (<see cref="Exit"/>).</summary>
    public static InvariantCultureScope Enter()
    {
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        if (IsInvariant(culture) && IsInvariant(uiCulture))
        {
            return default;
        }

        var caller = ExecutionContext.Capture();
        if (caller is null)
        {
            // The caller suppressed the flow of its context: no context to restore, so the cultures themselves.
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
            return new(null, culture, uiCulture);
        }

        if (ReferenceEquals(caller, t_caller) && t_invariant is { } invariant)
        {
            ExecutionContext.Restore(invariant);
            return new(caller, null, null);
        }

        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        t_invariant = ExecutionContext.Capture();
        t_caller = caller;
        return new(caller, null, null);
    }

    /// <summary>Restores what <see cref="Enter"/> changed.</summary>
    public void Exit()
    {
        if (_caller is not null)
        {
            ExecutionContext.Restore(_caller);
        }
        else if (_culture is not null)
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture!;
        }
    }

    private static bool IsInvariant(CultureInfo culture)
        => ReferenceEquals(culture, CultureInfo.InvariantCulture) || (ReferenceEquals(culture, Installed) && culture.Name.Length == 0);
}
