// Attack: Imports File's and Environment's members with using static, so ReadAllText and GetEnvironmentVariable look like local helpers.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using static System.Environment;
using static System.IO.File;

public sealed class UsingStaticFile : IProbe
{
    public string Run(ProbeInput input) => ReadAllText(GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET_FILE") ?? input.Text);
}
