using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace PersonalApp.Sandbox;

/// <summary>
/// Which of the reference assemblies plugins compile against (Basic.Reference.Assemblies' images) defines a type, read
/// from the images' type definition tables with System.Reflection.Metadata: no compilation, and nothing kept but the
/// answers. Answers as a compilation over the same references would (<c>GetTypeByMetadataName</c>): a type defined in
/// more than one of them is ambiguous, and a nested type is "Outer+Inner".
/// </summary>
internal static class ReferenceAssemblyIndex
{
    /// <summary>The answers given so far, by metadata name: the defining assembly, or null (none, or ambiguous).</summary>
    private static readonly ConcurrentDictionary<string, string?> Answers = new(StringComparer.Ordinal);

    private static readonly Lock ScanLock = new();

    /// <summary>The images' resource names prefix in Basic.Reference.Assemblies.Net100.</summary>
    private const string ResourcePrefix = "net100.";

    /// <summary>The reference assembly that defines each type (documentation-id form, without "T:"), or null when none does.</summary>
    public static Dictionary<string, string?> AssembliesOf(IEnumerable<string> typeIds)
    {
        var ids = typeIds.Distinct(StringComparer.Ordinal).ToList();
        var unknown = ids.SelectMany(CandidateNames).Where(n => !Answers.ContainsKey(n)).ToHashSet(StringComparer.Ordinal);
        if (unknown.Count > 0)
        {
            lock (ScanLock)
            {
                unknown.RemoveWhere(Answers.ContainsKey);
                if (unknown.Count > 0)
                {
                    Scan(unknown);
                }
            }
        }

        return ids.ToDictionary(id => id, id => CandidateNames(id).Select(n => Answers[n]).FirstOrDefault(a => a is not null), StringComparer.Ordinal);
    }

    /// <summary>The names of every reference assembly in the set (for tests: the set read is the set compiled against).</summary>
    public static IReadOnlyList<string> AssemblyNames()
    {
        var names = new List<string>();
        ForEachImage(reader => names.Add(reader.GetString(reader.GetAssemblyDefinition().Name)));
        return names;
    }

    /// <summary>
    /// The metadata names to try for a type id, in order: as it is, then with its last one or two dots read as nesting
    /// ("A.B.C" may be the type C nested in A.B, or C in B in A), as a compilation's lookup is tried.
    /// </summary>
    private static IEnumerable<string> CandidateNames(string typeId)
    {
        var name = typeId;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            yield return name;
            var dot = name.LastIndexOf('.');
            if (dot < 0)
            {
                yield break;
            }

            name = name[..dot] + "+" + name[(dot + 1)..];
        }
    }

    /// <summary>Reads every image once and records, for each wanted name, the one assembly that defines it, or null.</summary>
    private static void Scan(HashSet<string> wanted)
    {
        var found = wanted.ToDictionary(n => n, _ => new List<string>(1), StringComparer.Ordinal);
        ForEachImage(reader =>
        {
            var assembly = reader.GetString(reader.GetAssemblyDefinition().Name);
            var names = new Dictionary<TypeDefinitionHandle, string?>();
            foreach (var handle in reader.TypeDefinitions)
            {
                if (NameOf(reader, handle, names) is { } name && found.TryGetValue(name, out var assemblies) && !assemblies.Contains(assembly, StringComparer.Ordinal))
                {
                    assemblies.Add(assembly);
                }
            }
        });

        foreach (var (name, assemblies) in found)
        {
            Answers[name] = assemblies.Count == 1 ? assemblies[0] : null;
        }
    }

    /// <summary>
    /// The metadata name of a type a plugin's compilation can see ("Namespace.Name", "Namespace.Outer+Inner"), or null: a
    /// top-level type that is not public, or a nested one that is not public or protected, is not imported from a reference.
    /// </summary>
    private static string? NameOf(MetadataReader reader, TypeDefinitionHandle handle, Dictionary<TypeDefinitionHandle, string?> names)
    {
        if (names.TryGetValue(handle, out var known))
        {
            return known;
        }

        var type = reader.GetTypeDefinition(handle);
        var visibility = type.Attributes & TypeAttributes.VisibilityMask;
        var declaring = type.GetDeclaringType();
        string? name;
        if (declaring.IsNil)
        {
            var ns = reader.GetString(type.Namespace);
            name = visibility != TypeAttributes.Public ? null : ns.Length == 0 ? reader.GetString(type.Name) : ns + "." + reader.GetString(type.Name);
        }
        else
        {
            var outer = visibility is TypeAttributes.NestedPublic or TypeAttributes.NestedFamily or TypeAttributes.NestedFamORAssem ? NameOf(reader, declaring, names) : null;
            name = outer is null ? null : outer + "+" + reader.GetString(type.Name);
        }

        names[handle] = name;
        return name;
    }

    /// <summary>Runs <paramref name="read"/> over each reference assembly's metadata, read from the package's resources in place.</summary>
    private static void ForEachImage(Action<MetadataReader> read)
    {
        var package = typeof(Basic.Reference.Assemblies.Net100).Assembly;
        foreach (var resource in package.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = package.GetManifestResourceStream(resource);
            if (stream is null)
            {
                continue;
            }

            using var pe = new PEReader(stream);
            if (pe.HasMetadata && pe.GetMetadataReader() is { IsAssembly: true } reader)
            {
                read(reader);
            }
        }
    }
}
