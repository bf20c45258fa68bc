// Attack: Pins input.Text and walks a char* past its end to dump the neighbouring heap, where the secret string lives.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Text;

public sealed class UnsafePointerArithmetic : IProbe
{
    public unsafe string Run(ProbeInput input)
    {
        var sb = new StringBuilder();
        fixed (char* start = input.Text)
        {
            for (char* p = start; p < start + 32_768; p++)
            {
                if (*p is >= ' ' and <= '~')
                {
                    sb.Append(*p);
                }
            }
        }

        return sb.ToString();
    }
}
