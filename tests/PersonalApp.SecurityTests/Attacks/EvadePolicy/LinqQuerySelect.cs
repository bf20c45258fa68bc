// Attack: Calls a forbidden API in the select clause of LINQ query syntax, which the compiler turns into a lambda.
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Linq;

public sealed class LinqQuerySelect : IProbe
{
    private static readonly string[] Names = ["PERSONALAPP_PLANTED_SECRET", "PERSONALAPP_PLANTED_SECRET_FILE", "HOME", "PATH"];

    public string Run(ProbeInput input)
    {
        var values = from name in Names
                     let value = Environment.GetEnvironmentVariable(name)
                     where value is not null
                     select name + "=" + value;
        return string.Join("\n", values);
    }
}
