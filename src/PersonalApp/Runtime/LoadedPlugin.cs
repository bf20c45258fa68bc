using McMaster.NETCore.Plugins;
using PersonalApp.Approvals;

namespace PersonalApp.Runtime;

/// <summary>One plugin version loaded into its own collectible load context, with the one instance handed out.</summary>
internal sealed record LoadedPlugin(PluginVersionKey Key, Type ContractType, string Owner, string Wish, object Instance, PluginLoader Loader, string Folder);
