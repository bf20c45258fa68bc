// Attack: Crashes the host with an async void method that throws after its first await, on the thread pool.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Threading.Tasks;

public sealed class AsyncVoidThrows : IProbe
{
    public string Run(ProbeInput input)
    {
        Explode(input.Number);
        return input.Text;
    }

    private static async void Explode(int n)
    {
        await Task.Yield();
        throw new InvalidOperationException("async void " + n);
    }
}
