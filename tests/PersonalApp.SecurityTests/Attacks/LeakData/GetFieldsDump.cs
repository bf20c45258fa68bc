// Attack: Dumps every field of the input, private ones included, with GetType().GetFields(NonPublic | Instance).
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Linq;
using System.Reflection;

public sealed class GetFieldsDump : IProbe
{
    public string Run(ProbeInput input)
    {
        object target = input;
        var fields = target.GetType().GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);
        return string.Join("; ", fields.Select(f => f.Name + "=" + f.GetValue(target)));
    }
}
