// Attack: Returns arrays it still references to ArrayPool<T>.Shared, so the host later rents and fills them while the plugin reads (or scribbles on) them.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;

public sealed class ArrayPoolPoisoning : IProbe
{
    private readonly List<byte[]> _planted = [];

    public string Run(ProbeInput input)
    {
        // What the host wrote into the arrays planted by earlier calls.
        string seen = string.Join("|", _planted.Select(b => Encoding.UTF8.GetString(b).TrimEnd('\0')));

        foreach (int size in new[] { 1024, 4096, 16_384 })
        {
            var array = new byte[size];
            _planted.Add(array);
            ArrayPool<byte>.Shared.Return(array);
        }

        return seen;
    }
}
