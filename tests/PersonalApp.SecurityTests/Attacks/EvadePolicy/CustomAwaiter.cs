// Attack: Reads the secret in GetResult of a custom awaiter, called implicitly by await inside an async Task helper.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

public sealed class CustomAwaiter : IProbe
{
    public string Run(ProbeInput input) => Fetch().GetAwaiter().GetResult();

    private static async Task<string> Fetch() => await new Secret();

    private readonly struct Secret
    {
        public Awaiter GetAwaiter() => default;
    }

    private readonly struct Awaiter : INotifyCompletion
    {
        public bool IsCompleted => true;

        public string GetResult() => Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET") ?? "";

        public void OnCompleted(Action continuation) => continuation();
    }
}
