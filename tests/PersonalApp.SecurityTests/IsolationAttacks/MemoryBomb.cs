// Attack: Allocates until memory runs out (no guard counts it).
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;
public sealed class MemoryBomb : IIsolatedProbe
{
    private readonly List<byte[]> _hoard = [];

    public string Run(ProbeRequest request)
    {
        while (true)
        {
            var block = new byte[64 * 1024 * 1024];
            Array.Fill(block, (byte)1);
            _hoard.Add(block);
        }
    }
}
