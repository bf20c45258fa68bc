using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Text;
using Microsoft.Extensions.Options;
using PersonalApp.Catalog;
using PersonalApp.ExtensionPoints;
using PersonalApp.Sandbox;

namespace PersonalApp.Compilation;

/// <summary>
/// Compiles a candidate in memory with Roslyn: C# 14, deterministic (the same source gives the same bytes, so a
/// hash can be approved), against fixed .NET 10 reference assemblies plus PersonalApp.Abstractions and the host's
/// contract assembly; emits the DLL. Its portable PDB is built only when asked for (<see cref="BuildSymbols"/>).
/// </summary>
internal sealed class PluginCompiler
{
    /// <summary>
    /// Pinned: Roslyn 5.12's <c>Latest</c> is C# 15 while the .NET 10 SDK uses C# 14. Nullable flow analysis is off (Roslyn's
    /// <see cref="NullableAnalysisFeature"/> flag): it yields only warnings, which are never reported (only errors reach the
    /// model), yet ran twice per candidate, under the policy's semantic model and in the emit. Annotations are still emitted.
    /// </summary>
    public static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.CSharp14, DocumentationMode.None)
        .WithFeatures([new KeyValuePair<string, string>(NullableAnalysisFeature, "never")]);

    internal const string NullableAnalysisFeature = "run-nullable-analysis";

    /// <summary>Namespaces every plugin has without a using directive, as a project with ImplicitUsings would.</summary>
    public static readonly IReadOnlyList<string> ImplicitNamespaces = ["System", "System.Collections.Generic", "System.Linq", "System.Text", "PersonalApp.Capabilities"];

    private static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithOptimizationLevel(OptimizationLevel.Release)
        .WithDeterministic(true)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithAllowUnsafe(false)
        .WithConcurrentBuild(false);

    private static readonly Lazy<IReadOnlyList<MetadataReference>> FrameworkReferences =
        new(() => [.. Basic.Reference.Assemblies.Net100.References.All]);

    private readonly ConcurrentDictionary<Type, IReadOnlyList<MetadataReference>> _references = new();
    private readonly ConcurrentDictionary<Type, SandboxPolicy> _policies = new();
    private readonly ConcurrentDictionary<Type, string> _fingerprints = new();
    private readonly ConcurrentDictionary<Type, SyntaxTree> _usings = new();
    private readonly SandboxOptions _sandbox;
    private readonly CompileLimits _limits;
    private readonly IReadOnlySet<string> _offered;

    /// <summary>Gets a value indicating whether the in-process layers apply (always, outside the isolation tests).</summary>
    public bool InProcessLayersEnabled => _sandbox.InProcessLayersEnabled;

    public PluginCompiler(IOptions<PersonalizationOptions> options)
    {
        _sandbox = options.Value.Sandbox;
        _limits = options.Value.Compile;
        _offered = options.Value.Capabilities.Offered;
    }

    /// <summary>The capabilities this host offers plugins.</summary>
    public IReadOnlySet<string> OfferedCapabilities => _offered;

    /// <summary>
    /// Names the host assemblies plugins of an extension point compile against (PersonalApp.Abstractions, the contract's
    /// assembly and the host assemblies it references) by name and public API (<see cref="PublicApiFingerprint"/>), not
    /// by build: a rebuild that changes no public signature keeps it. A version checked against another fingerprint is
    /// re-checked before it loads.
    /// </summary>
    public string FingerprintOf(ExtensionPoint extensionPoint)
        => _fingerprints.GetOrAdd(extensionPoint.ContractType, static contract => string.Join(
            "; ",
            HostAssemblies(contract)
                .DistinctBy(a => a.FullName)
                .Select(a => $"{a.GetName().Name} {PublicApiFingerprint.Of(a)}")
                .Order(StringComparer.Ordinal)));

    /// <summary>The policy in force for an extension point: the defaults, the host's additions, and its contract assemblies.</summary>
    public SandboxPolicy PolicyFor(ExtensionPoint extensionPoint)
        => _policies.GetOrAdd(extensionPoint.ContractType, contract => SandboxPolicy.For(_sandbox, HostAssemblies(contract).Select(a => a.GetName().Name!).Distinct()));

    /// <summary>
    /// Compiles once, so that Roslyn's first-use cost (about two seconds of JIT and loading) is paid at start-up,
    /// not by the first user.
    /// </summary>
    public void WarmUp(CancellationToken cancellationToken)
    {
        const string Source = "public sealed class WarmUp { public decimal Price(int n) => System.Linq.Enumerable.Range(0, n).Sum(i => i * 1.5m); }";
        var compilation = CSharpCompilation.Create(
            "PersonalApp.WarmUp",
            [CSharpSyntaxTree.ParseText(Source, ParseOptions, cancellationToken: cancellationToken)],
            FrameworkReferences.Value,
            CompilationOptions);
        using var stream = new MemoryStream();
        compilation.Emit(stream, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Compiles a candidate through every static check: compile errors, the contract check, the symbol policy (layer 1),
    /// guard injection (layer 3), emit, and the IL scan (layer 2). Any failure returns diagnostics the model can repair.
    /// All of it runs under <see cref="CompileLimits.TimeBudget"/>; the caller's cancellation still throws.
    /// </summary>
    public CompilationResult Compile(string source, ExtensionPoint extensionPoint, string assemblyName, CancellationToken cancellationToken)
        => Compile(Parse(source, cancellationToken), extensionPoint, assemblyName, cancellationToken);

    /// <summary>
    /// Compiles a candidate already parsed with <see cref="Parse"/> (the extractor's tree), so an answer is parsed once.
    /// A tree parsed with other options is parsed again from its text.
    /// </summary>
    public CompilationResult Compile(SyntaxTree parsed, ExtensionPoint extensionPoint, string assemblyName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        using var budget = new CompileBudget(_limits.TimeBudget, cancellationToken);
        try
        {
            return CompileWithinBudget(parsed, extensionPoint, assemblyName, budget.Token);
        }
        catch (OperationCanceledException) when (budget.Spent)
        {
            return CompilationResult.Failure([budget.Diagnostic()]);
        }
    }

    /// <summary>Parses plugin source as the compiler does (C# 14, UTF-8), so the tree can be handed to <see cref="Compile(SyntaxTree, ExtensionPoint, string, CancellationToken)"/>.</summary>
    public static SyntaxTree Parse(string source, CancellationToken cancellationToken)
        => CSharpSyntaxTree.ParseText(SourceText.From(source, Encoding.UTF8), ParseOptions, cancellationToken: cancellationToken);

    /// <summary>
    /// One bind of the source: the symbol policy walks the compilation's semantic model and the guard injector reuses
    /// the same model (its bound bodies are cached), and the guarded tree is emitted. Compile errors are read only when
    /// something fails: the guarded compilation emits only when the source has no errors (the guards add code, never
    /// a missing declaration: their names occur nowhere in the source), and every failure path asks for the source's
    /// own errors first, so they still come before any other problem, as the model expects. No PDB is built per candidate
    /// (it cost about 6 ms a request): <see cref="BuildSymbols"/> builds it from the stored source when asked.
    /// </summary>
    private CompilationResult CompileWithinBudget(SyntaxTree parsed, ExtensionPoint extensionPoint, string assemblyName, CancellationToken cancellationToken)
    {
        var fileName = assemblyName + ".cs";
        var text = parsed.GetText(cancellationToken);
        var tree = ReferenceEquals(parsed.Options, ParseOptions)
            ? parsed.WithFilePath(fileName)
            : CSharpSyntaxTree.ParseText(SourceText.From(text.ToString(), Encoding.UTF8), ParseOptions, fileName, cancellationToken);
        if (SyntaxShape.Check(tree, _limits, cancellationToken) is { } tooBig)
        {
            return CompilationResult.Failure([tooBig]);
        }

        var layers = _sandbox.InProcessLayersEnabled;
        var constructs = layers && _sandbox.SymbolPolicyEnabled ? SymbolPolicyAnalyzer.CheckConstructs(tree, cancellationToken) : [];
        if (constructs.Count > 0)
        {
            return CompilationResult.Failure(constructs);
        }

        var compilation = CreateCompilation(tree, extensionPoint, assemblyName, cancellationToken);
        var implementer = FindImplementer(compilation, extensionPoint, out var problem);
        if (implementer is null)
        {
            return CompileErrors.First(compilation, tree, text, [problem!], cancellationToken);
        }

        var policy = PolicyFor(extensionPoint);
        IReadOnlyList<string> capabilities = [];
        IReadOnlyList<ApiUsage> apis = [];
        var model = compilation.GetSemanticModel(tree);
        CSharpCompilation guarded;
        try
        {
            if (layers && _sandbox.SymbolPolicyEnabled)
            {
                var analysis = SymbolPolicyAnalyzer.Inspect(policy, model, tree, cancellationToken);
                if (analysis.Problems.Count > 0)
                {
                    return CompileErrors.First(compilation, tree, text, analysis.Problems, cancellationToken);
                }

                // The manifest is checked against the symbols the code resolved to, so it cannot under-declare what it uses.
                var (declared, manifestProblems) = CapabilityManifest.Check(implementer, analysis, _offered);
                if (manifestProblems.Count > 0)
                {
                    return CompileErrors.First(compilation, tree, text, [.. manifestProblems.Select(p => CompileErrors.WithSourceLine(p, text))], cancellationToken);
                }

                capabilities = declared;
                apis = analysis.ByNamespace();
            }

            guarded = layers ? compilation.ReplaceSyntaxTree(tree, GuardInjector.Rewrite(tree, model, cancellationToken)) : compilation;
        }
        catch (Exception ex) when (ex is not OperationCanceledException && CompileErrors.Any(compilation, cancellationToken))
        {
            // The layers read code that does not compile (they are written for code that does): report its errors.
            return CompileErrors.Of(compilation, tree, text, cancellationToken);
        }

        using var dll = new MemoryStream();
        var emit = guarded.Emit(dll, cancellationToken: cancellationToken);
        if (!emit.Success)
        {
            var errors = CompileErrors.Of(compilation, tree, text, cancellationToken);
            if (errors.ErrorCount > 0)
            {
                return errors;
            }

            // The source compiled before the guards went in, so this is PersonalApp's bug, not the model's.
            var details = string.Join("; ", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).Select(d => d.ToString()));
            throw new InvalidOperationException($"Injecting the runtime guards produced code that does not compile ({details}). Please report this with the plugin's source.");
        }

        var image = dll.ToArray();
        var scan = layers ? ILScanner.Scan(image, policy) : [];
        if (scan.Count > 0)
        {
            return CompilationResult.Failure(scan);
        }

        return CompilationResult.Success(new CompiledPlugin(assemblyName, ReflectionName(implementer), image, [], Sha256(image))
        {
            Capabilities = capabilities,
            Apis = apis,
            ModelChecks = ModelChecks(compilation),
        });
    }

    /// <summary>
    /// Builds the portable PDB (source embedded) of a version <see cref="Compile(string, ExtensionPoint, string, CancellationToken)"/>
    /// accepted, for a debugger or an operator who asks for it: the same deterministic compile of the same guarded
    /// source, so its methods, tokens and IL offsets are those of the stored DLL and its line map applies to it. The
    /// module id differs (Roslyn derives it from the output, which here also holds a debug directory), so a debugger
    /// that matches symbols by id must be given this file explicitly. Not part of generation or approval: a candidate
    /// is compiled without it, which saved about 6 ms a request.
    /// </summary>
    public byte[] BuildSymbols(string source, ExtensionPoint extensionPoint, string assemblyName, CancellationToken cancellationToken)
    {
        var fileName = assemblyName + ".cs";
        var text = SourceText.From(source, Encoding.UTF8);
        var tree = CSharpSyntaxTree.ParseText(text, ParseOptions, fileName, cancellationToken);
        var compilation = CreateCompilation(tree, extensionPoint, assemblyName, cancellationToken);
        var guarded = _sandbox.InProcessLayersEnabled
            ? compilation.ReplaceSyntaxTree(tree, GuardInjector.Rewrite(tree, compilation.GetSemanticModel(tree), cancellationToken))
            : compilation;
        using var dll = new MemoryStream();
        using var pdb = new MemoryStream();
        var emit = guarded.Emit(
            dll,
            pdb,
            options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb),
            embeddedTexts: [EmbeddedText.FromSource(fileName, text)],
            cancellationToken: cancellationToken);
        return emit.Success
            ? pdb.ToArray()
            : throw new ArgumentException($"The source does not compile, so it has no symbols ({string.Join("; ", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(3))}). Pass a stored version's source and assembly name.", nameof(source));
    }

    private CSharpCompilation CreateCompilation(SyntaxTree tree, ExtensionPoint extensionPoint, string assemblyName, CancellationToken cancellationToken)
    {
        var usings = _usings.GetOrAdd(extensionPoint.ContractType, contract => CSharpSyntaxTree.ParseText(
            SourceText.From(ImplicitUsings(extensionPoint), Encoding.UTF8), ParseOptions, "ImplicitUsings.cs", cancellationToken));
        return CSharpCompilation.Create(assemblyName, [tree, usings], ReferencesFor(extensionPoint.ContractType), CompilationOptions);
    }

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    internal static string ImplicitUsings(ExtensionPoint extensionPoint)
        => string.Concat(ImplicitNamespaces.Append(extensionPoint.ContractType.Namespace).OfType<string>().Distinct().Select(n => $"global using global::{n};\n"));

    private IReadOnlyList<MetadataReference> ReferencesFor(Type contract) => _references.GetOrAdd(contract, static contract =>
    {
        var references = new List<MetadataReference>(FrameworkReferences.Value);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var assembly in HostAssemblies(contract))
        {
            if (string.IsNullOrEmpty(assembly.Location))
            {
                throw new PersonalizationException(
                    DiagnosticIds.ContractUnusable,
                    $"The contract assembly '{assembly.GetName().Name}' was not loaded from a file, so plugins cannot be compiled against it. Ship it as a DLL beside the app (not single-file or loaded from bytes).");
            }

            if (seen.Add(assembly.Location))
            {
                references.Add(MetadataReference.CreateFromFile(assembly.Location));
            }
        }

        return references;
    });

    /// <summary>PersonalApp.Abstractions, the contract's assembly, and every non-framework assembly it references.</summary>
    internal static IEnumerable<Assembly> HostAssemblies(Type contract)
    {
        yield return typeof(ExtensionPointAttribute).Assembly;
        yield return contract.Assembly;
        foreach (var name in contract.Assembly.GetReferencedAssemblies())
        {
            if (IsFramework(name))
            {
                continue;
            }

            Assembly? referenced;
            try
            {
                referenced = Assembly.Load(name);
            }
            catch (FileNotFoundException)
            {
                continue;
            }

            yield return referenced;
        }
    }

    private static bool IsFramework(AssemblyName name)
        => name.Name is null || name.Name is "netstandard" or "mscorlib"
            || name.Name.StartsWith("System", StringComparison.Ordinal)
            || name.Name.StartsWith("Microsoft", StringComparison.Ordinal);

    private static INamedTypeSymbol? FindImplementer(CSharpCompilation compilation, ExtensionPoint extensionPoint, out PersonalizationDiagnostic? problem)
    {
        var contract = compilation.GetTypeByMetadataName(extensionPoint.ContractType.FullName!);
        var implementers = AllTypes(compilation.Assembly.GlobalNamespace)
            .Where(t => t.TypeKind is TypeKind.Class or TypeKind.Struct && !t.IsAbstract && contract is not null && t.AllInterfaces.Contains(contract, SymbolEqualityComparer.Default))
            .ToList();
        switch (implementers.Count)
        {
            case 0:
                problem = PersonalizationDiagnostic.Error(
                    DiagnosticIds.WrongInterface,
                    $"No class in the code implements {extensionPoint.ContractType.FullName} (an interface of the same name declared in the code does not count). Implement the contract from the host's assembly.");
                return null;
            case > 1:
                problem = PersonalizationDiagnostic.Error(
                    DiagnosticIds.SeveralCandidates,
                    $"{implementers.Count} classes implement {extensionPoint.ContractType.Name} ({string.Join(", ", implementers.Select(i => i.Name))}); exactly one is allowed.");
                return null;
        }

        var type = implementers[0];
        var visible = type.DeclaredAccessibility == Accessibility.Public && (type.ContainingType is null || type.ContainingType.DeclaredAccessibility == Accessibility.Public);
        var constructible = type.TypeKind == TypeKind.Struct || type.InstanceConstructors.Any(c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.Length == 0);
        if (!visible || !constructible || type.IsGenericType)
        {
            problem = PersonalizationDiagnostic.Error(
                DiagnosticIds.NotInstantiable,
                $"The class {type.Name} implements {extensionPoint.ContractType.Name} but cannot be created by the host: it must be public, non-generic and have a public parameterless constructor.");
            return null;
        }

        problem = null;
        return type;
    }

    /// <summary>The model's checks: public static parameterless bool methods of static classes named "...Checks".</summary>
    private static List<string> ModelChecks(CSharpCompilation compilation)
        => AllTypes(compilation.Assembly.GlobalNamespace)
            .Where(t => t.IsStatic && t.Name.EndsWith("Checks", StringComparison.Ordinal) && t.DeclaredAccessibility == Accessibility.Public)
            .SelectMany(t => t.GetMembers().OfType<IMethodSymbol>())
            .Where(m => m.IsStatic && m.DeclaredAccessibility == Accessibility.Public && m.Parameters.Length == 0 && m.ReturnType.SpecialType == SpecialType.System_Boolean)
            .Select(m => m.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
    /// <summary>The name reflection finds a type by (<c>Namespace.Outer+Inner</c>), which is what the loader looks up.</summary>
    internal static string ReflectionName(INamedTypeSymbol type)
    {
        if (type.ContainingType is { } outer)
        {
            return ReflectionName(outer) + "+" + type.MetadataName;
        }

        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;
    }

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceSymbol ns)
            {
                foreach (var type in AllTypes(ns))
                {
                    yield return type;
                }
            }
            else if (member is INamedTypeSymbol type)
            {
                yield return type;
                foreach (var nested in AllTypes(type))
                {
                    yield return nested;
                }
            }
        }
    }
}
