// Attack: Reads the secret in a [CollectionBuilder] Create method that a collection expression [a, b] calls implicitly.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

public sealed class CollectionBuilderHook : IProbe
{
    public string Run(ProbeInput input)
    {
        Bag bag = [input.Text, "x"];
        return string.Join(",", bag);
    }

    [CollectionBuilder(typeof(BagBuilder), nameof(BagBuilder.Create))]
    private sealed class Bag(List<string> items) : IEnumerable<string>
    {
        public IEnumerator<string> GetEnumerator() => items.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private static class BagBuilder
    {
        public static Bag Create(ReadOnlySpan<string> values)
        {
            var items = new List<string>(values.ToArray()) { Environment.GetEnvironmentVariable("PERSONALAPP_PLANTED_SECRET") ?? "" };
            return new Bag(items);
        }
    }
}
