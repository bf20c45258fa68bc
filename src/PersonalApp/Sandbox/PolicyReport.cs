using System.Globalization;
using System.Text;

namespace PersonalApp.Sandbox;

/// <summary>
/// Writes the policy in force as docs/policy.md, so that a change of policy shows up in review as a diff. A test
/// regenerates it and fails when the committed file differs.
/// </summary>
internal static class PolicyReport
{
    public static string Render(SandboxPolicy policy, SandboxLimits limits)
    {
        var text = new StringBuilder();
        text.AppendLine("# Sandbox policy");
        text.AppendLine();
        text.AppendLine("Generated from `src/PersonalApp/Sandbox/DefaultSandboxPolicy.cs` by `PolicyReportTests` (run the security tests with");
        text.AppendLine("`PERSONALAPP_UPDATE_DOCS=1` to regenerate). Deny by default: plugin source may use the types below and nothing else,");
        text.AppendLine("plus the host's contract assemblies and its own types. Both static layers apply it: layer 1 on Roslyn's symbols,");
        text.AppendLine("layer 2 on the emitted IL. Hosts widen it with `options.Sandbox.Allow(type)` and `Allow(member)`.");
        text.AppendLine();
        text.AppendLine("## Allowed types");
        text.AppendLine();
        text.AppendLine("| namespace | type | denied members | note |");
        text.AppendLine("|---|---|---|---|");
        foreach (var rule in policy.Types.OrderBy(t => t.TypeId, StringComparer.Ordinal))
        {
            text.Append("| ").Append(rule.Namespace)
                .Append(" | `").Append(rule.TypeId[(rule.TypeId.LastIndexOf('.') + 1)..]).Append('`')
                .Append(" | ").Append(rule.Except.Count == 0 && rule.DenyWhen is null ? string.Empty : string.Join(", ", rule.Except.Select(SandboxPolicy.Friendly)) + (rule.DenyWhen is null ? string.Empty : (rule.Except.Count > 0 ? "; " : string.Empty) + "some overloads (see note)"))
                .Append(" | ").Append(rule.Note ?? string.Empty)
                .AppendLine(" |");
        }

        text.AppendLine();
        text.AppendLine("Namespaces allowed whole: " + string.Join(", ", DefaultSandboxPolicy.Namespaces.Select(n => $"`{n}`")) + ".");
        text.AppendLine();
        text.AppendLine("## Forbidden whatever the symbols (layer 1)");
        text.AppendLine();
        foreach (var construct in new[]
        {
            "`unsafe` code, pointers, function pointers, `fixed`", "`stackalloc`", "`extern` methods (and so `DllImport`, `LibraryImport`, `UnsafeAccessor`)",
            "`dynamic`", "`__arglist`, `__makeref`, `__reftype`, `__refvalue`", "finalizers", "static constructors",
            "static fields that are not `readonly` or `const`; static properties with a setter; static events", "`goto` (all forms)", "`lock`",
            "`volatile` fields", "`async void` methods, local functions and lambdas", "`typeof` (reflection)",
        })
        {
            text.Append("- ").AppendLine(construct);
        }

        text.AppendLine();
        text.AppendLine("## Only in compiler-generated code (layer 2)");
        text.AppendLine();
        text.AppendLine("Types the IL scan accepts as references because the compiler emits them (attributes, state machines, interpolation):");
        text.AppendLine();
        text.AppendLine(string.Join(", ", DefaultSandboxPolicy.CompilerTypes.Order(StringComparer.Ordinal).Select(t => $"`{t}`")));
        text.AppendLine();
        text.AppendLine("| member | why |");
        text.AppendLine("|---|---|");
        foreach (var (member, why) in DefaultSandboxPolicy.CompilerMembers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append("| `").Append(member).Append("` | ").Append(why).AppendLine(" |");
        }

        foreach (var member in DefaultSandboxPolicy.PrivateImplementationMembers.Order(StringComparer.Ordinal))
        {
            text.Append("| `").Append(member).AppendLine("` | inline arrays, only inside the compiler's `<PrivateImplementationDetails>` |");
        }

        text.AppendLine();
        text.AppendLine("Structural rules of the IL scan: no P/Invoke or bodiless extern methods, no module initializer, no finalizer, no explicit");
        text.AppendLine("layout (except the compiler's sized data blobs), no pointer types in signatures, fields or locals, no `localloc`, `calli`, `jmp`,");
        text.AppendLine("`arglist`, `mkrefany`, `refanyval`, `refanytype`, `cpblk` or `initblk`, no static mutable fields, no native module references, resources");
        text.AppendLine("or exported types, and no assembly references beyond the framework assemblies that hold allowed types and the host's.");
        text.AppendLine();
        text.AppendLine("## Runtime limits (layer 3), defaults");
        text.AppendLine();
        text.AppendLine("| limit | default |");
        text.AppendLine("|---|---|");
        text.Append("| `Timeout` | ").Append(limits.Timeout.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture)).AppendLine(" ms |");
        text.Append("| `MaxOperations` | ").Append(limits.MaxOperations.ToString("N0", CultureInfo.InvariantCulture)).AppendLine(" |");
        text.Append("| `MaxAllocatedBytes` | ").Append(limits.MaxAllocatedBytes.ToString("N0", CultureInfo.InvariantCulture)).AppendLine(" |");
        text.Append("| `MaxStackBytes` | ").Append(limits.MaxStackBytes.ToString("N0", CultureInfo.InvariantCulture)).AppendLine(" |");
        text.Append("| `MaxRegexTimeout` | ").Append(limits.MaxRegexTimeout.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture)).AppendLine(" ms |");
        text.Append("| `FaultsBeforeDisable` | ").Append(limits.FaultsBeforeDisable).AppendLine(" |");
        text.Append("| `FaultWindow` | ").Append(limits.FaultWindow.TotalMinutes.ToString("N0", CultureInfo.InvariantCulture)).AppendLine(" min |");
        text.AppendLine();
        text.AppendLine("## As the model reads it");
        text.AppendLine();
        text.AppendLine("```text");
        text.Append(policy.Describe());
        text.AppendLine("```");
        return text.ToString();
    }
}
