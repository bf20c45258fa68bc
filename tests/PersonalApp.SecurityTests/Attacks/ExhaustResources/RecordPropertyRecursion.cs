// Attack: Overflows the stack through a record's computed property whose getter reads itself.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

public sealed class RecordPropertyRecursion : IProbe
{
    public string Run(ProbeInput input) => new Order(input.Number).Total.ToString();

    private sealed record Order(decimal Net)
    {
        public decimal Total => Total + Net;
    }
}
