// Attack: Allocates 2 GB in one framework call with StringBuilder.Append('x', 1_000_000_000), whose size argument is named repeatCount.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System.Text;

public sealed class StringBuilderAppendRepeat : IProbe
{
    public string Run(ProbeInput input) => new StringBuilder(input.Text).Append('x', 1_000_000_000).ToString();
}
