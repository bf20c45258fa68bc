using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PersonalApp.Testing;

namespace PersonalApp.SecurityTests;

/// <summary>
/// Builds and ends the real hosts the security tests use: a scripted model, SQLite in a temp folder, and the options
/// every corpus shares (no repair, no warm-up, no reuse of an earlier plugin, since every source is asked for with
/// the same wish).
/// </summary>
internal static class TestHosts
{
    public static async Task<IHost> StartAsync(ScriptedChatClient model, string storePath, Action<PersonalizationOptions> configure, Action<PersonalizationBuilder> extensionPoints)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddChatClient(model);
        var personalization = builder.Services.AddPersonalization(o =>
        {
            o.StorePath = storePath;
            o.MaxRepairRounds = 0;
            o.WarmUpCompiler = false;
            o.ReuseApprovedPlugins = false;
            o.DefaultPlacement = PlacementDefault.InProcess; // a corpus that needs workers says so
            configure(o);
        });
        extensionPoints(personalization);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Stops the hosts, releases SQLite's pooled files and deletes the temp folder.</summary>
    public static async Task StopAndDeleteAsync(string folder, params IEnumerable<IHost?> hosts)
    {
        foreach (var host in hosts)
        {
            if (host is not null)
            {
                await host.StopAsync();
                host.Dispose();
            }
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
