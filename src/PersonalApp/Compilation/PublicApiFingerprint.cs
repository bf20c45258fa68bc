using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace PersonalApp.Compilation;

/// <summary>
/// A short hash of an assembly's public surface: its exported types, their base types and interfaces, and their public
/// members' signatures (and constants' values). A rebuild that changes no signature keeps the fingerprint, so a host
/// redeploy does not make every stored plugin compile again at start-up; a changed signature does.
/// </summary>
internal static class PublicApiFingerprint
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    public static string Of(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"type {type.FullName} : {type.BaseType?.FullName} [{string.Join(",", type.GetInterfaces().Select(i => i.FullName).Order(StringComparer.Ordinal))}] {type.Attributes}"));
            foreach (var member in type.GetMembers(Declared))
            {
                var constant = member is FieldInfo { IsLiteral: true } field ? " = " + Convert.ToString(field.GetRawConstantValue(), CultureInfo.InvariantCulture) : string.Empty;
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{type.FullName} {member.MemberType} {member}{constant}"));
            }
        }

        lines.Sort(StringComparer.Ordinal);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", lines)));
        return Convert.ToHexString(hash, 0, 12).ToLowerInvariant();
    }
}
