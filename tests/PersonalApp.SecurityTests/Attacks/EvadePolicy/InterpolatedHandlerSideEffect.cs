// Attack: Reads the secret in a custom [InterpolatedStringHandler] whose AppendLiteral the compiler calls for a plain $"..." string, with no call in the source.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Runtime.CompilerServices;
using System.Text;

public sealed class InterpolatedHandlerSideEffect : IProbe
{
    public string Run(ProbeInput input) => Format($"hello {input.Text}");

    private static string Format(Handler handler) => handler.ToString();

    [InterpolatedStringHandler]
    private ref struct Handler
    {
        private readonly StringBuilder _sb;

        public Handler(int literalLength, int formattedCount)
        {
            _sb = new StringBuilder(Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET"));
        }

        public void AppendLiteral(string s) => _sb.Append(s);

        public void AppendFormatted<T>(T value) => _sb.Append(value);

        public override string ToString() => _sb.ToString();
    }
}
