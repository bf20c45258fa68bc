// Attack: Reads the secret file in an explicit static constructor, which runs once on first use, outside any call the host makes.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class StaticConstructorCode : IProbe
{
    private static readonly string Planted;

    static StaticConstructorCode()
    {
        var path = System.Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET_FILE");
        Planted = path is null ? "" : System.IO.File.ReadAllText(path);
    }

    public string Run(ProbeInput input) => Planted;
}
