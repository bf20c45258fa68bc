// Attack: Overflows the stack from a field initializer that constructs its own type, which runs before any guard put at the start of a constructor body.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class FieldInitializerRecursion : IProbe
{
    public string Run(ProbeInput input) => new Node().Depth.ToString();

    private sealed class Node
    {
        // Field initializers are emitted at the top of every constructor, ahead of its body.
        private readonly Node _next = new Node();

        public int Depth => _next is null ? 0 : 1;
    }
}
