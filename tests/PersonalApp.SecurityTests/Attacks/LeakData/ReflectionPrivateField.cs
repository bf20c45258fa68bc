// Attack: Reads ProbeInput._secret by reflection with GetField("_secret", NonPublic | Instance).GetValue.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Reflection;

public sealed class ReflectionPrivateField : IProbe
{
    public string Run(ProbeInput input)
    {
        var field = typeof(ProbeInput).GetField("_secret", BindingFlags.NonPublic | BindingFlags.Instance);
        return field?.GetValue(input) as string ?? "(no field)";
    }
}
