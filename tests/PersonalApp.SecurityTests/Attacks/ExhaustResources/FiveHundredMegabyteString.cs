// Attack: Returns a 500 MB string built in a loop, to exhaust the host when it copies, logs or stores the result.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Text;

public sealed class FiveHundredMegabyteString : IProbe
{
    public string Run(ProbeInput input)
    {
        const int chunk = 1024;
        var block = new string('z', chunk);
        var sb = new StringBuilder();
        for (int i = 0; i < (250 * 1024 * 1024) / chunk; i++)
        {
            sb.Append(block);
        }

        // 250 M UTF-16 chars = 500 MB, plus the StringBuilder's own 500 MB on the way.
        return sb.ToString();
    }
}
