using System.Reflection;

namespace PersonalApp.ExtensionPoints;

/// <summary>The extension points the host declared, by name and by contract.</summary>
internal sealed class ExtensionPointRegistry
{
    private readonly List<ExtensionPoint> _points = [];

    public IReadOnlyList<ExtensionPoint> All => _points;

    public ExtensionPoint Add(Type contract, ExtensionPointOptions options)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (!contract.IsInterface || contract.IsGenericTypeDefinition || !contract.IsPublic)
        {
            throw new ArgumentException(
                $"{contract.FullName} cannot be an extension point: declare a public, non-generic interface in the host's contract assembly.",
                nameof(contract));
        }

        var attribute = contract.GetCustomAttribute<ExtensionPointAttribute>();
        var name = options.Name is { Length: > 0 } given ? given : DefaultName(contract);
        if (_points.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"An extension point named '{name}' is declared twice. Give one of them another Name.", nameof(options));
        }

        if (_points.Any(p => p.ContractType == contract))
        {
            throw new ArgumentException($"{contract.FullName} is declared as an extension point twice. Declare each contract once.", nameof(contract));
        }

        var description = options.Description
            ?? attribute?.Description
            ?? XmlDocumentation.For(contract.Assembly).Summary(contract)
            ?? $"Plugins implementing {contract.Name}.";
        var keywords = options.Keywords
            .Concat((attribute?.Keywords ?? string.Empty).Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries))
            .Select(k => k.Trim().ToLowerInvariant())
            .Where(k => k.Length > 0)
            .Distinct()
            .ToList();
        var limits = options.Limits?.Clone();
        if (limits?.Problems($"ExtensionPointOptions.Limits of '{name}'").FirstOrDefault() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var point = new ExtensionPoint(name, contract, description, keywords, [.. options.Examples], ContractDescriber.Describe(contract), limits, IsolationContract.Problem(contract), [.. options.AcceptanceChecks]);
        _points.Add(point);
        return point;
    }

    public ExtensionPoint? FindByName(string name)
        => _points.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(p.ContractType.FullName, name, StringComparison.Ordinal)
            || string.Equals(p.ContractType.Name, name, StringComparison.OrdinalIgnoreCase));

    public ExtensionPoint? FindByContract(string contractFullName)
        => _points.FirstOrDefault(p => string.Equals(p.ContractType.FullName, contractFullName, StringComparison.Ordinal));

    private static string DefaultName(Type contract)
        => contract.Name.Length > 1 && contract.Name[0] == 'I' && char.IsUpper(contract.Name[1]) ? contract.Name[1..] : contract.Name;
}
