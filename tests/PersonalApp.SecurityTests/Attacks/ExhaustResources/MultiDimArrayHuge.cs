// Attack: Allocates 2.5 GB at once with a two-dimensional array whose dimensions each look harmless (50,000).
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class MultiDimArrayHuge : IProbe
{
    public string Run(ProbeInput input)
    {
        var grid = new byte[50_000, 50_000];
        grid[49_999, 49_999] = (byte)input.Number;
        return grid.Length.ToString();
    }
}
