// Attack: Passes the input through an __arglist varargs call, unpacks it with ArgIterator and TypedReference, then reads _secret by reflection (varargs run on Windows; CoreCLR on Linux rejects them at JIT time).
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Reflection;

public sealed class ArglistSmuggle : IProbe
{
    public string Run(ProbeInput input) => Unpack(__arglist(input, "_secret"));

    private static string Unpack(__arglist)
    {
        var args = new ArgIterator(__arglist);
        object target = TypedReference.ToObject(args.GetNextArg())!;
        var name = (string)TypedReference.ToObject(args.GetNextArg())!;
        return target.GetType().GetField(name, BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(target) as string ?? "";
    }
}
