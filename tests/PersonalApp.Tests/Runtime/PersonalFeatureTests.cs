using PersonalApp.Catalog;
using PersonalApp.Runtime;
using PersonalApp.Sandbox;
using PersonalApp.Tests.Sandbox;
using TicketKiosk.Contracts;
using Xunit;

namespace PersonalApp.Tests.Runtime;

/// <summary>
/// <see cref="PersonalFeature{TContract}.Invoke{TState, TResult}"/>: the state-passing call keeps every promise of the
/// lambda one (limits, faults and their count, the call's context), and all three ways of calling agree.
/// </summary>
public sealed class PersonalFeatureTests
{
    [Fact]
    public async Task Invoke_StateAndStaticLambda_GivesWhatTheOtherWaysOfCallingGive()
    {
        await using var host = await SandboxHost.StartAsync();
        var feature = await host.ApproveAsync(SandboxHost.Rule("return new(order.ListTotal * 0.1m, PersonalApp.Capabilities.PluginContext.Current.UserId + \" \" + order.Adults);"));
        var order = SandboxHost.Order;

        var withState = feature.Invoke(order, static (rule, order) => rule.Apply(order));
        var withLambda = feature.Invoke(rule => rule.Apply(order));

        Assert.True(withState.IsCompleted, withState.ToString());
        Assert.Equal(feature.Key, withState.Plugin);
        Assert.Equal(new PriceAdjustment(order.ListTotal * 0.1m, "anna 12"), withState.Value);
        Assert.Equal(withLambda, withState);
        Assert.Equal(withState.Value, feature.Instance.Apply(order));
    }

    [Fact]
    public async Task Invoke_StateOverloadPluginKeepsThrowing_FaultedWithTheInnerMessageThenDisabled()
    {
        await using var host = await SandboxHost.StartAsync();
        var feature = await host.ApproveAsync(SandboxHost.Rule("throw new InvalidOperationException(\"no price for \" + order.Adults + \" adults\");"));

        var outcomes = Enumerable.Range(0, 4).Select(_ => feature.Invoke(SandboxHost.Order, static (rule, order) => rule.Apply(order))).ToList();

        Assert.All(outcomes.Take(3), outcome =>
        {
            Assert.Equal(PluginOutcomeKind.Faulted, outcome.Kind);
            Assert.Contains("no price for 12 adults", outcome.Message, StringComparison.Ordinal);
            Assert.IsType<InvalidOperationException>(outcome.Exception);
        });
        Assert.Equal(PluginOutcomeKind.Disabled, outcomes[3].Kind);
        Assert.Null(outcomes[3].Value);
    }

    [Fact]
    public async Task Invoke_StateOverloadEndlessLoop_StoppedByTheOperationBudget()
    {
        await using var host = await SandboxHost.StartAsync(limits: new SandboxLimits { MaxOperations = 10_000 });
        var feature = await host.ApproveAsync(SandboxHost.Rule("var n = order.Adults; while (n >= 0) { n = (n * 7) % 1000; } return null;"));

        var outcome = feature.Invoke(SandboxHost.Order, static (rule, order) => rule.Apply(order));
        var next = feature.Invoke(SandboxHost.Order, static (rule, order) => rule.Name);

        Assert.Equal(PluginOutcomeKind.OperationBudgetExceeded, outcome.Kind);
        Assert.Equal(PolicyLayer.RuntimeGuards, outcome.Layer);
        Assert.True(next.IsCompleted, next.ToString());
        Assert.Equal("rule", next.Value);
    }
}
