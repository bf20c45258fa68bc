using System.Reflection;

namespace PersonalApp.ExtensionPoints;

/// <summary>
/// Decides whether a contract can cross a process boundary: every parameter and result must serialize as plain data
/// (no callbacks, no live host objects, no out or ref), so the plugin can run in a worker and the host still call it.
/// </summary>
internal static class IsolationContract
{
    private static readonly HashSet<Type> Scalars =
    [
        typeof(bool), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
        typeof(float), typeof(double), typeof(decimal), typeof(char), typeof(string), typeof(DateTime), typeof(DateTimeOffset),
        typeof(DateOnly), typeof(TimeOnly), typeof(TimeSpan), typeof(Guid),
    ];

    private static readonly HashSet<Type> Sequences =
    [
        typeof(IEnumerable<>), typeof(IReadOnlyList<>), typeof(IReadOnlyCollection<>), typeof(IList<>), typeof(ICollection<>), typeof(List<>),
        typeof(HashSet<>), typeof(ISet<>), typeof(IReadOnlySet<>),
    ];

    private static readonly HashSet<Type> Maps = [typeof(Dictionary<,>), typeof(IDictionary<,>), typeof(IReadOnlyDictionary<,>)];

    /// <summary>Why the contract cannot run isolated, or null when it can.</summary>
    public static string? Problem(Type contract)
    {
        var problems = new List<string>();
        foreach (var type in contract.GetInterfaces().Prepend(contract))
        {
            foreach (var @event in type.GetEvents())
            {
                problems.Add($"event {@event.Name} (callbacks cannot cross a process boundary)");
            }

            foreach (var method in type.GetMethods())
            {
                if (method.IsGenericMethodDefinition)
                {
                    problems.Add($"{method.Name} is generic");
                    continue;
                }

                foreach (var parameter in method.GetParameters())
                {
                    if (parameter.ParameterType.IsByRef)
                    {
                        problems.Add($"{method.Name} has the out/ref parameter {parameter.Name}");
                    }
                    else if (Why(parameter.ParameterType, []) is { } why)
                    {
                        problems.Add($"{method.Name}'s parameter {parameter.Name}: {why}");
                    }
                }

                if (method.ReturnType != typeof(void) && Why(method.ReturnType, []) is { } result)
                {
                    problems.Add($"{method.Name}'s result: {result}");
                }
            }
        }

        return problems.Count == 0
            ? null
            : $"{contract.FullName} cannot run isolated: {string.Join("; ", problems.Distinct())}. Contracts for isolated plugins take and return plain data: numbers, text, dates, enums, lists and records of those.";
    }

    private static string? Why(Type type, HashSet<Type> seen)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            type = underlying;
        }

        if (Scalars.Contains(type) || type.IsEnum || !seen.Add(type))
        {
            return null;
        }

        // The view vocabulary crosses as JSON with a type discriminator on its blocks.
        if (type.Assembly == typeof(Views.PluginView).Assembly && type.Namespace == typeof(Views.PluginView).Namespace)
        {
            return null;
        }

        if (type.IsArray)
        {
            return Why(type.GetElementType()!, seen);
        }

        if (type.IsGenericType && Sequences.Contains(type.GetGenericTypeDefinition()))
        {
            return Why(type.GetGenericArguments()[0], seen);
        }

        if (type.IsGenericType && Maps.Contains(type.GetGenericTypeDefinition()))
        {
            var key = type.GetGenericArguments()[0];
            return key == typeof(string) || key.IsEnum || key == typeof(int) || key == typeof(long) || key == typeof(Guid)
                ? Why(type.GetGenericArguments()[1], seen)
                : $"{type.Name} has {key.Name} keys";
        }

        if (typeof(Delegate).IsAssignableFrom(type))
        {
            return $"{type.Name} is a callback";
        }

        if (type == typeof(object) || type.IsInterface || type.IsAbstract || type.IsPointer)
        {
            return $"{type.Name} is not plain data";
        }

        if (type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true)
        {
            return $"{type.FullName} is not plain data";
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToList();
        var byName = properties.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var constructible = type.IsValueType
            || type.GetConstructor(Type.EmptyTypes) is not null
            || type.GetConstructors().Any(c => c.GetParameters().All(p => byName.ContainsKey(p.Name!)));
        if (!constructible)
        {
            return $"{type.Name} has no public constructor whose parameters all match its public properties, so it cannot be rebuilt on the other side";
        }

        foreach (var property in properties)
        {
            if (Why(property.PropertyType, seen) is { } why)
            {
                return $"{type.Name}.{property.Name}: {why}";
            }
        }

        return null;
    }
}
