// Attack: Starts from typeof of an allowed contract type, typeof(ProbeInput).GetField("_secret"), betting the contract types are allowed wholesale.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class TypeofGetField : IProbe
{
    public string Run(ProbeInput input)
        => typeof(ProbeInput).GetField("_secret", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)?.GetValue(input) as string
            ?? "(no field)";
}
