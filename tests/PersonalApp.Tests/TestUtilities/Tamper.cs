using PersonalApp.Approvals;
using PersonalApp.Catalog;

namespace PersonalApp.Tests.TestUtilities;

/// <summary>Damages a stored plugin the way something outside PersonalApp could: drops the immutability trigger, then rewrites the DLL.</summary>
internal static class Tamper
{
    public static void WithDll(string storePath, PluginVersionKey key)
    {
        var parameters = new[] { ("$id", (object)key.PluginId), ("$v", key.Version) };
        var dll = (byte[])RawSql.Scalar(storePath, "SELECT dll FROM plugin_versions WHERE plugin_id = $id AND version = $v", parameters)!;
        dll[^1] ^= 0xFF;
        RawSql.Execute(storePath, "DROP TRIGGER plugin_versions_immutable");
        var changed = RawSql.Execute(storePath, "UPDATE plugin_versions SET dll = $dll WHERE plugin_id = $id AND version = $v", [.. parameters, ("$dll", dll)]);
        if (changed != 1)
        {
            throw new InvalidOperationException($"Tampering changed {changed} rows instead of one.");
        }
    }
}
