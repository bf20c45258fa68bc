// Attack: Reads the secret in a nested type's implicit conversion to string, triggered by a plain assignment with no visible call.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class ImplicitConversionOperator : IProbe
{
    public string Run(ProbeInput input)
    {
        string text = new Key("PERSONALAPP_PLANTED_SECRET");
        return text;
    }

    private readonly record struct Key(string Name)
    {
        public static implicit operator string(Key key) => Environment.GetEnvironmentVariable(key.Name) ?? "";
    }
}
