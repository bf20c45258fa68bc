// Attack: Reads the secret in a C# 14 extension block property on string (input.Text.Secret), new syntax a policy walker may not descend into (second top-level type: extension blocks need a top-level static class).
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class ExtensionBlockProperty : IProbe
{
    public string Run(ProbeInput input) => input.Text.Secret + string.Planted;
}

internal static class StringExtensions
{
    extension(string text)
    {
        public string Secret => text + System.Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET");

        public static string Planted => System.IO.File.ReadAllText(System.Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET_FILE") ?? "/etc/hostname");
    }
}
