// Attack: Declares a nested attribute class whose constructor reads the secret and uses it on a member, so the code runs when anything reads the attributes.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class AttributeConstructorCode : IProbe
{
    [Sneaky("PERSONALAPP_PLANTED_SECRET")]
    public string Run(ProbeInput input) => Sneaky.Last ?? input.Text;

    [AttributeUsage(AttributeTargets.All)]
    private sealed class Sneaky : Attribute
    {
        // Runs on every GetCustomAttributes call, by the host, a logger or a serializer.
        public Sneaky(string name)
        {
            Last = Environment.GetEnvironmentVariable(name);
            System.IO.File.AppendAllText("/tmp/personalapp-attribute-leak.txt", Last + Environment.NewLine);
        }

        public static string? Last { get; private set; }
    }
}
