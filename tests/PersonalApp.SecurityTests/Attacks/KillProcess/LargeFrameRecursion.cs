// Attack: Overflows the stack within a few dozen calls: each frame holds a 512 KB struct local, far below any call-depth limit.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class LargeFrameRecursion : IProbe
{
    public string Run(ProbeInput input) => Dive(input.Number, 0).ToString();

    // Depth 16 is about 8 MB of stack: a call-count guard with a limit in the hundreds never fires,
    // only a guard that measures remaining stack (RuntimeHelpers.TryEnsureSufficientExecutionStack) does.
    private static decimal Dive(int seed, int depth)
    {
        S5 big = default;
        big.A.A.A.A.A = seed + depth;
        return big.A.A.A.A.A + Dive(seed, depth + 1) + big.H.H.H.H.H;
    }

    private struct S1 { public decimal A, B, C, D, E, F, G, H; }          // 128 B
    private struct S2 { public S1 A, B, C, D, E, F, G, H; }               // 1 KB
    private struct S3 { public S2 A, B, C, D, E, F, G, H; }               // 8 KB
    private struct S4 { public S3 A, B, C, D, E, F, G, H; }               // 64 KB
    private struct S5 { public S4 A, B, C, D, E, F, G, H; }               // 512 KB
}
