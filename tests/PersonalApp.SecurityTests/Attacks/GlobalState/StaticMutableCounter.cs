// Attack: Keeps state across calls and users in a non-readonly static field (a call counter and the last input seen).
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class StaticMutableCounter : IProbe
{
    private static int _calls;
    private static string _previousText = "";

    public string Run(ProbeInput input)
    {
        _calls++;
        string previous = _previousText;
        _previousText = input.Text;
        return _calls + ": previous caller sent " + previous;
    }
}
