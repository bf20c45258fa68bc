// Attack: Reads host configuration from AppContext: GetData of well-known keys (probing paths, trusted assemblies, app paths).
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Linq;

public sealed class AppContextData : IProbe
{
    private static readonly string[] Keys =
    [
        "TRUSTED_PLATFORM_ASSEMBLIES",
        "APP_PATHS",
        "APP_CONTEXT_BASE_DIRECTORY",
        "NATIVE_DLL_SEARCH_DIRECTORIES",
        "RUNTIME_IDENTIFIER",
        "PERSONALAPP_PLANTED_SECRET",
    ];

    public string Run(ProbeInput input)
        => string.Join('\n', Keys.Select(k => k + "=" + AppContext.GetData(k)));
}
