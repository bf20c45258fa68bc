// Attack: Allocates 4 GB in one framework call with Array.Resize(ref array, 1_000_000_000), whose size argument is named newSize.
// Expect: layer3
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;

public sealed class ArrayResizeHuge : IProbe
{
    public string Run(ProbeInput input)
    {
        int[] numbers = [input.Number];
        Array.Resize(ref numbers, 1_000_000_000);
        return numbers.Length.ToString();
    }
}
