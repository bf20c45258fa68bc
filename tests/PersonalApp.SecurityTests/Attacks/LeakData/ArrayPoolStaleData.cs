// Attack: Rents buffers from the process-wide ArrayPool<T>.Shared, which hands back arrays the host returned without clearing (request bodies, decrypted data).
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Buffers;
using System.Text;

public sealed class ArrayPoolStaleData : IProbe
{
    public string Run(ProbeInput input)
    {
        var sb = new StringBuilder();
        foreach (int size in new[] { 256, 1024, 4096, 16_384, 65_536 })
        {
            byte[] bytes = ArrayPool<byte>.Shared.Rent(size);
            sb.Append(Encoding.UTF8.GetString(bytes).Replace("\0", "")).Append('|');
            char[] chars = ArrayPool<char>.Shared.Rent(size);
            sb.Append(new string(chars).Replace("\0", "")).Append('|');

            // Never returned: the pool keeps working, and the host never sees what was read.
        }

        return sb.ToString();
    }
}
