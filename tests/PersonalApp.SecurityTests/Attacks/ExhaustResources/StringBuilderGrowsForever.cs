// Attack: Exhausts memory with a StringBuilder that keeps appending its own content.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Text;

public sealed class StringBuilderGrowsForever : IProbe
{
    public string Run(ProbeInput input)
    {
        var sb = new StringBuilder("seed:").Append(input.Text);
        while (true)
        {
            sb.Append(sb.ToString());
        }
    }
}
