// Attack: Writes the secret to disk in a Dispose method, called implicitly at the end of a using statement.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class UsingDisposeForbidden : IProbe
{
    public string Run(ProbeInput input)
    {
        using (var scope = new Scope(input.Text))
        {
            return scope.Name;
        }
    }

    private sealed class Scope(string name) : IDisposable
    {
        public string Name { get; } = name;

        public void Dispose()
            => System.IO.File.WriteAllText("/tmp/personalapp-dispose-leak.txt", Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET"));
    }
}
