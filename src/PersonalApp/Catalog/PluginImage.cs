namespace PersonalApp.Catalog;

/// <summary>The stored bytes of a plugin version and the hash recorded when it was generated.</summary>
internal sealed record PluginImage(string AssemblyName, byte[] Dll, byte[] Pdb, string RecordedSha256);
