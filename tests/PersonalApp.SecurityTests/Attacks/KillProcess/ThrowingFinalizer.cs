// Attack: Crashes the host later, on the finalizer thread, with objects whose finalizer throws.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class ThrowingFinalizer : IProbe
{
    public string Run(ProbeInput input)
    {
        for (int i = 0; i < 100_000; i++)
        {
            _ = new Bomb(i);
        }

        return input.Text;
    }

    private sealed class Bomb(int id)
    {
        public int Id { get; } = id;

        ~Bomb() => throw new InvalidOperationException("finalizer bomb " + Id);
    }
}
