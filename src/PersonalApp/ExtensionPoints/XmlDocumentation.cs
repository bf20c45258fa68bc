using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace PersonalApp.ExtensionPoints;

/// <summary>
/// Reads the XML documentation file that the compiler writes beside an assembly
/// (<c>GenerateDocumentationFile</c>), and finds a member's comment by its documentation id.
/// </summary>
internal sealed class XmlDocumentation
{
    private readonly Dictionary<string, XElement> _members;

    private XmlDocumentation(Dictionary<string, XElement> members) => _members = members;

    public static XmlDocumentation Empty { get; } = new([]);

    public bool IsEmpty => _members.Count == 0;

    public static XmlDocumentation For(Assembly assembly)
    {
        if (string.IsNullOrEmpty(assembly.Location))
        {
            return Empty;
        }

        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            return Empty;
        }

        try
        {
            var members = XDocument.Load(path).Root?.Element("members")?.Elements("member") ?? [];
            var map = new Dictionary<string, XElement>(StringComparer.Ordinal);
            foreach (var member in members)
            {
                if (member.Attribute("name")?.Value is { } name)
                {
                    map[name] = member;
                }
            }

            return new XmlDocumentation(map);
        }
        catch (System.Xml.XmlException)
        {
            // A damaged documentation file costs the model some context, not the host its start-up.
            return Empty;
        }
    }

    public XElement? Find(MemberInfo member) => _members.GetValueOrDefault(IdOf(member));

    public string? Summary(MemberInfo member) => Find(member)?.Element("summary") is { } summary ? Flatten(summary) : null;

    /// <summary>The documentation comment of a member as C# <c>///</c> lines, or nothing.</summary>
    public IEnumerable<string> CommentLines(MemberInfo member, string indent)
    {
        var element = Find(member);
        if (element is null)
        {
            yield break;
        }

        foreach (var child in element.Elements())
        {
            var text = Flatten(child);
            if (text.Length == 0)
            {
                continue;
            }

            var attributes = string.Concat(child.Attributes().Select(a => $" {a.Name}=\"{a.Value}\""));
            yield return $"{indent}/// <{child.Name}{attributes}>{text}</{child.Name}>";
        }
    }

    public static string Flatten(XElement element)
    {
        var builder = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText text:
                    builder.Append(text.Value);
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see:
                    var target = see.Attribute("cref")?.Value ?? see.Attribute("langword")?.Value ?? see.Attribute("href")?.Value ?? string.Empty;
                    builder.Append(target.Length > 2 && target[1] == ':' ? target[(target.LastIndexOf('.') + 1)..] : target);
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                    builder.Append(reference.Attribute("name")?.Value);
                    break;
                case XElement inner:
                    builder.Append(Flatten(inner));
                    break;
            }
        }

        return string.Join(' ', builder.ToString().Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The documentation id of a member, as the C# compiler writes it (ECMA-334 annex D).</summary>
    public static string IdOf(MemberInfo member) => member switch
    {
        Type type => "T:" + TypeId(type),
        PropertyInfo property => "P:" + TypeId(property.DeclaringType!) + "." + property.Name + Parameters(property.GetIndexParameters()),
        FieldInfo field => "F:" + TypeId(field.DeclaringType!) + "." + field.Name,
        EventInfo @event => "E:" + TypeId(@event.DeclaringType!) + "." + @event.Name,
        ConstructorInfo ctor => "M:" + TypeId(ctor.DeclaringType!) + ".#ctor" + Parameters(ctor.GetParameters()),
        MethodInfo method => "M:" + TypeId(method.DeclaringType!) + "." + method.Name
            + (method.IsGenericMethodDefinition ? "``" + method.GetGenericArguments().Length : string.Empty)
            + Parameters(method.GetParameters()),
        _ => member.Name,
    };

    private static string Parameters(ParameterInfo[] parameters)
        => parameters.Length == 0 ? string.Empty : "(" + string.Join(",", parameters.Select(p => ParameterTypeId(p.ParameterType))) + ")";

    private static string TypeId(Type type)
    {
        var name = (type.FullName ?? type.Name).Replace('+', '.');
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick] + name[tick..];
    }

    private static string ParameterTypeId(Type type)
    {
        if (type.IsByRef)
        {
            return ParameterTypeId(type.GetElementType()!) + "@";
        }

        if (type.IsArray)
        {
            return ParameterTypeId(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericParameter)
        {
            return (type.DeclaringMethod is null ? "`" : "``") + type.GenericParameterPosition;
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition();
            var name = (definition.FullName ?? definition.Name).Replace('+', '.');
            name = name[..name.IndexOf('`', StringComparison.Ordinal)];
            return name + "{" + string.Join(",", type.GetGenericArguments().Select(ParameterTypeId)) + "}";
        }

        return (type.FullName ?? type.Name).Replace('+', '.');
    }
}
