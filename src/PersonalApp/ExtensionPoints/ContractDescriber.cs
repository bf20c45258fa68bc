using System.Reflection;
using System.Text;

namespace PersonalApp.ExtensionPoints;

/// <summary>
/// Derives the contract text the model sees from the compiled contract: C# declarations of the interface and
/// of every host type it uses (records, classes, enums), each with its XML documentation. Nothing is retyped by
/// hand, so the text cannot drift from the contract.
/// </summary>
internal static class ContractDescriber
{
    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(bool)] = "bool", [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte",
        [typeof(short)] = "short", [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint",
        [typeof(long)] = "long", [typeof(ulong)] = "ulong", [typeof(float)] = "float", [typeof(double)] = "double",
        [typeof(decimal)] = "decimal", [typeof(char)] = "char", [typeof(string)] = "string", [typeof(object)] = "object",
        [typeof(nint)] = "nint", [typeof(nuint)] = "nuint",
    };

    public static string Describe(Type contract)
    {
        var types = CollectTypes(contract);
        var nullability = new NullabilityInfoContext();
        var builder = new StringBuilder();
        foreach (var group in types.GroupBy(t => t.Namespace ?? string.Empty))
        {
            if (builder.Length > 0)
            {
                builder.AppendLine();
            }

            builder.Append("namespace ").Append(group.Key.Length == 0 ? "Global" : group.Key).AppendLine();
            builder.AppendLine("{");
            var first = true;
            foreach (var type in group)
            {
                if (!first)
                {
                    builder.AppendLine();
                }

                first = false;
                AppendType(builder, type, nullability);
            }

            builder.AppendLine("}");
        }

        return builder.ToString();
    }

    /// <summary>The contract and every type it reaches that the host defined (not the framework's), contract first.</summary>
    internal static List<Type> CollectTypes(Type contract)
    {
        var result = new List<Type>();
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>();
        queue.Enqueue(contract);
        while (queue.Count > 0)
        {
            var type = queue.Dequeue();
            if (!seen.Add(type))
            {
                continue;
            }

            result.Add(type);
            foreach (var used in UsedTypes(type).SelectMany(Unwrap).Where(IsHostType))
            {
                queue.Enqueue(used);
            }
        }

        return result;
    }

    private static IEnumerable<Type> UsedTypes(Type type)
    {
        foreach (var @interface in type.GetInterfaces())
        {
            yield return @interface;
        }

        const BindingFlags Flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var property in type.GetProperties(Flags))
        {
            yield return property.PropertyType;
        }

        foreach (var method in type.GetMethods(Flags).Where(m => !m.IsSpecialName))
        {
            yield return method.ReturnType;
            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
            }
        }

        foreach (var ctor in type.GetConstructors())
        {
            foreach (var parameter in ctor.GetParameters())
            {
                yield return parameter.ParameterType;
            }
        }
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.IsByRef || type.IsArray || type.IsPointer)
        {
            return Unwrap(type.GetElementType()!);
        }

        if (type.IsGenericType)
        {
            return type.GetGenericArguments().SelectMany(Unwrap).Append(type.GetGenericTypeDefinition());
        }

        return type.IsGenericParameter ? [] : [type];
    }

    private static bool IsHostType(Type type)
    {
        var assembly = type.Assembly.GetName().Name ?? string.Empty;
        return type.IsPublic
            && type.Assembly != typeof(object).Assembly
            && assembly != "PersonalApp.Abstractions"
            && !assembly.StartsWith("System", StringComparison.Ordinal)
            && !assembly.StartsWith("Microsoft", StringComparison.Ordinal)
            && !assembly.StartsWith("netstandard", StringComparison.Ordinal);
    }

    private static void AppendType(StringBuilder builder, Type type, NullabilityInfoContext nullability)
    {
        const string Indent = "    ";
        const string MemberIndent = "        ";
        var docs = XmlDocumentation.For(type.Assembly);
        foreach (var line in docs.CommentLines(type, Indent))
        {
            builder.AppendLine(line);
        }

        if (type.IsEnum)
        {
            builder.Append(Indent).Append("public enum ").Append(type.Name).AppendLine();
            builder.Append(Indent).AppendLine("{");
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                foreach (var line in docs.CommentLines(field, MemberIndent))
                {
                    builder.AppendLine(line);
                }

                builder.Append(MemberIndent).Append(field.Name).Append(" = ").Append(Convert.ToInt64(field.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)).AppendLine(",");
            }

            builder.Append(Indent).AppendLine("}");
            return;
        }

        var positional = type.IsInterface ? null : PositionalConstructor(type);
        builder.Append(Indent).Append("public ").Append(Kind(type)).Append(' ').Append(Name(type, null));
        if (positional is not null)
        {
            builder.Append('(').Append(Parameters(positional.GetParameters(), nullability)).Append(')');
        }

        var bases = type.GetInterfaces().Where(i => type.IsInterface || !IsCompilerInterface(i)).Select(i => Name(i, null)).ToList();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType))
        {
            bases.Insert(0, Name(baseType, null));
        }

        if (bases.Count > 0)
        {
            builder.Append(" : ").Append(string.Join(", ", bases));
        }

        builder.AppendLine();
        builder.Append(Indent).AppendLine("{");
        var positionalNames = positional?.GetParameters().Select(p => p.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        const BindingFlags Flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var modifier = type.IsInterface ? string.Empty : "public ";
        foreach (var ctor in type.IsInterface ? [] : type.GetConstructors().Where(c => c != positional && !IsCopyConstructor(c)))
        {
            AppendComment(builder, docs, ctor, MemberIndent);
            builder.Append(MemberIndent).Append("public ").Append(type.Name).Append('(')
                .Append(Parameters(ctor.GetParameters(), nullability)).AppendLine(");");
        }

        foreach (var property in type.GetProperties(Flags).Where(p => !positionalNames.Contains(p.Name) && p.Name != "EqualityContract"))
        {
            AppendComment(builder, docs, property, MemberIndent);
            var getter = property.GetMethod is { IsPublic: true } ? "get; " : string.Empty;
            var setter = property.SetMethod is { IsPublic: true } set
                ? (set.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.Name == "IsExternalInit") ? "init; " : "set; ")
                : string.Empty;
            var indexParameters = property.GetIndexParameters();
            var name = indexParameters.Length == 0 ? property.Name : $"this[{Parameters(indexParameters, nullability)}]";
            builder.Append(MemberIndent).Append(modifier).Append(Name(property.PropertyType, nullability.Create(property))).Append(' ').Append(name).Append(" { ").Append(getter).Append(setter).AppendLine("}");
        }

        foreach (var @event in type.GetEvents(Flags))
        {
            AppendComment(builder, docs, @event, MemberIndent);
            builder.Append(MemberIndent).Append(modifier).Append("event ").Append(Name(@event.EventHandlerType!, nullability.Create(@event))).Append(' ').Append(@event.Name).AppendLine(";");
        }

        foreach (var method in type.GetMethods(Flags).Where(m => !m.IsSpecialName && !IsRecordPlumbing(type, m)))
        {
            AppendComment(builder, docs, method, MemberIndent);
            var generic = method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;
            builder.Append(MemberIndent).Append(modifier).Append(method.IsStatic ? "static " : string.Empty)
                .Append(Name(method.ReturnType, nullability.Create(method.ReturnParameter))).Append(' ').Append(method.Name).Append(generic).Append('(')
                .Append(Parameters(method.GetParameters(), nullability)).Append(')').Append(Constraints(method)).AppendLine(";");
        }

        builder.Append(Indent).AppendLine("}");
    }

    private static string Parameters(ParameterInfo[] parameters, NullabilityInfoContext nullability)
        => string.Join(", ", parameters.Select(p =>
        {
            var modifier = !p.ParameterType.IsByRef ? string.Empty : p.IsOut ? "out " : p.IsIn ? "in " : "ref ";
            return $"{modifier}{Name(p.ParameterType, nullability.Create(p))} {p.Name}";
        }));

    /// <summary>The constraints of a generic method, as C# writes them: <c> where T : class, new()</c>.</summary>
    private static string Constraints(MethodInfo method)
    {
        if (!method.IsGenericMethodDefinition)
        {
            return string.Empty;
        }

        var clauses = new List<string>();
        foreach (var parameter in method.GetGenericArguments())
        {
            var attributes = parameter.GenericParameterAttributes;
            var parts = new List<string>();
            if ((attributes & GenericParameterAttributes.NotNullableValueTypeConstraint) != 0)
            {
                parts.Add("struct");
            }
            else if ((attributes & GenericParameterAttributes.ReferenceTypeConstraint) != 0)
            {
                parts.Add("class");
            }

            parts.AddRange(parameter.GetGenericParameterConstraints().Where(c => c != typeof(ValueType)).Select(c => Name(c, null)));
            if ((attributes & GenericParameterAttributes.DefaultConstructorConstraint) != 0 && (attributes & GenericParameterAttributes.NotNullableValueTypeConstraint) == 0)
            {
                parts.Add("new()");
            }

            if (parts.Count > 0)
            {
                clauses.Add($" where {parameter.Name} : {string.Join(", ", parts)}");
            }
        }

        return string.Concat(clauses);
    }

    private static void AppendComment(StringBuilder builder, XmlDocumentation docs, MemberInfo member, string indent)
    {
        foreach (var line in docs.CommentLines(member, indent))
        {
            builder.AppendLine(line);
        }
    }

    private static string Kind(Type type) => type switch
    {
        { IsInterface: true } => "interface",
        { IsValueType: true } when IsRecord(type) => "readonly record struct",
        { IsValueType: true } => "struct",
        _ when IsRecord(type) => (type.IsSealed ? "sealed " : type.IsAbstract ? "abstract " : string.Empty) + "record",
        _ => (type.IsSealed && type.IsAbstract ? "static " : type.IsSealed ? "sealed " : type.IsAbstract ? "abstract " : string.Empty) + "class",
    };

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null || type.GetProperty("EqualityContract", BindingFlags.NonPublic | BindingFlags.Instance) is not null
        || (type.IsValueType && type.GetMethod("PrintMembers", BindingFlags.NonPublic | BindingFlags.Instance) is not null);

    private static bool IsCompilerInterface(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEquatable<>);

    private static bool IsCopyConstructor(ConstructorInfo ctor)
        => ctor.GetParameters() is [var only] && only.ParameterType == ctor.DeclaringType;

    private static bool IsRecordPlumbing(Type type, MethodInfo method)
        => IsRecord(type) && method.Name is "ToString" or "GetHashCode" or "Equals" or "Deconstruct" or "<Clone>$" or "PrintMembers";

    private static ConstructorInfo? PositionalConstructor(Type type)
    {
        if (!IsRecord(type))
        {
            return null;
        }

        return type.GetConstructors()
            .Where(c => !IsCopyConstructor(c) && c.GetParameters().Length > 0)
            .Where(c => c.GetParameters().All(p => type.GetProperty(p.Name!) is { } property && property.PropertyType == p.ParameterType))
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault();
    }

    internal static string Name(Type type, NullabilityInfo? nullability)
    {
        if (type.IsByRef)
        {
            return Name(type.GetElementType()!, nullability);
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying, null) + "?";
        }

        var annotated = nullability?.ReadState == NullabilityState.Nullable && !type.IsValueType ? "?" : string.Empty;
        if (Keywords.TryGetValue(type, out var keyword))
        {
            return keyword + annotated;
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!, nullability?.ElementType) + "[]" + annotated;
        }

        if (type.IsGenericType)
        {
            var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
            var arguments = type.GetGenericArguments();
            var argumentNullability = nullability?.GenericTypeArguments;
            var rendered = arguments.Select((a, i) => Name(a, argumentNullability is { Length: > 0 } n && i < n.Length ? n[i] : null));
            return name + "<" + string.Join(", ", rendered) + ">" + annotated;
        }

        return type.Name + annotated;
    }
}
