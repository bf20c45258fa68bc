// Attack: Calls the private ProbeInput.Reveal() by reflection: input.GetType().GetMethod("Reveal", NonPublic | Instance).Invoke.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Reflection;

public sealed class ReflectionInvokeReveal : IProbe
{
    public string Run(ProbeInput input)
    {
        var reveal = input.GetType().GetMethod("Reveal", BindingFlags.NonPublic | BindingFlags.Instance);
        return reveal?.Invoke(input, null) as string ?? "(no method)";
    }
}
