// Attack: Reads environment variables in the MoveNext of a custom enumerator, called implicitly by foreach.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Text;

public sealed class CustomEnumeratorMoveNext : IProbe
{
    public string Run(ProbeInput input)
    {
        var sb = new StringBuilder();
        foreach (var value in new Secrets())
        {
            sb.Append(value).Append(';');
        }

        return sb.ToString();
    }

    private readonly struct Secrets
    {
        public Enumerator GetEnumerator() => new(["PERSONALAPP_PLANTED_SECRET", "PERSONALAPP_PLANTED_SECRET_FILE"]);
    }

    private struct Enumerator(string[] names)
    {
        private int _index = -1;

        public string Current { get; private set; } = "";

        public bool MoveNext()
        {
            if (++_index >= names.Length)
            {
                return false;
            }

            Current = Environment.GetEnvironmentVariable(names[_index]) ?? "";
            return true;
        }
    }
}
