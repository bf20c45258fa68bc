// Attack: Overflows the stack inside compiler-synthesized record GetHashCode (no source, so no injected guard) on a 200,000-long record chain.
// Expect: isolation
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class RecordHashCodeDeepChain : IProbe
{
    public string Run(ProbeInput input)
    {
        Link? chain = null;
        for (int i = 0; i < 200_000; i++)
        {
            chain = new Link(i, chain);
        }

        // The synthesized GetHashCode calls EqualityComparer<Link?>.Default.GetHashCode(Next) and then does arithmetic
        // with the result, so it is not a tail call: one more frame per link (synthesized Equals ends in a tail call).
        return chain!.GetHashCode().ToString();
    }

    private sealed record Link(int Value, Link? Next);
}
