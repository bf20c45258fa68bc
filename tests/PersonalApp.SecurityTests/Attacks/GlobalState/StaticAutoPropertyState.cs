// Attack: Keeps mutable static state in a static auto-property and a C# 14 field-keyword property, whose hidden backing fields are non-readonly statics not declared as fields.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class StaticAutoPropertyState : IProbe
{
    private static string Previous { get; set; } = "";

    private static int Calls
    {
        get => field;
        set => field = value;
    }

    public string Run(ProbeInput input)
    {
        Calls++;
        string previous = Previous;
        Previous = input.Text;
        return Calls + ": previous caller sent " + previous;
    }
}
