// Attack: Builds an expression tree calling Environment.GetEnvironmentVariable and runs it with Expression.Lambda(...).Compile().
// Expect: layer1
using PersonalApp.SecurityTests.Contracts;
namespace Attacks;

using System;
using System.Linq.Expressions;

public sealed class ExpressionCompile : IProbe
{
    public string Run(ProbeInput input)
    {
        var method = typeof(Environment).GetMethod("GetEnvironmentVariable", [typeof(string)])!;
        var call = Expression.Call(method, Expression.Constant("PERSONALAPP_PLANTED_SECRET"));
        var lambda = Expression.Lambda<Func<string?>>(call).Compile();
        return lambda() ?? "(none)";
    }
}
