// Attack: Spins forever inside SpinWait.SpinUntil(() => false), a framework loop around a trivial lambda.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Threading;

public sealed class SpinUntilFalse : IProbe
{
    public string Run(ProbeInput input)
    {
        SpinWait.SpinUntil(() => false);
        return input.Text;
    }
}
