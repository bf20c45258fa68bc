// Attack: Spells File and Environment with Unicode escapes (\u0046ile.ReadAllText) to slip past text or token filters.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.IO;

public sealed class UnicodeEscapeIdentifier : IProbe
{
    public string Run(ProbeInput input)
        => \u0046ile.ReadAllText(System.\u0045nvironment.GetEnvironment\u0056ariable("PERSONALAPP_PLANTED_SECRET_FILE") ?? input.Text);
}
