using System.Globalization;
using PersonalApp.Sandbox;
using Xunit;

namespace PersonalApp.Tests.Sandbox;

/// <summary>
/// What a guarded call promises around the plugin's code: the invariant culture inside and the caller's back after,
/// a fresh guard scope per call although the thread's scope is reused, and no allocation of its own.
/// </summary>
public sealed class GuardedCallTests
{
    private static readonly GuardLimits Limits = new(TimeSpan.FromSeconds(30), 1_000, 64L * 1024 * 1024, 256 * 1024, TimeSpan.FromMilliseconds(100));

    [Fact]
    public void Run_CallerCultureFormatsOtherwise_PluginSeesTheInvariantCultureAndTheCallerGetsItsOwnBack()
    {
        // Named like the invariant culture but formatting decimals with a comma: only the object itself is invariant.
        var commas = new CultureInfo(string.Empty);
        commas.NumberFormat.NumberDecimalSeparator = ",";
        WithCultures(commas, () =>
        {
            // The second call finds the invariant context made by the first (the cached path).
            for (var call = 0; call < 2; call++)
            {
                var result = GuardedCall.Run(Limits, 1.5m, static amount => (amount.ToString(), CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture));

                Assert.Equal(GuardedEnd.Completed, result.End);
                Assert.Equal("1.5", result.Value.Item1);
                Assert.Same(CultureInfo.InvariantCulture, result.Value.Item2);
                Assert.Same(CultureInfo.InvariantCulture, result.Value.Item3);
                Assert.Same(commas, CultureInfo.CurrentCulture);
                Assert.Same(commas, CultureInfo.CurrentUICulture);
            }
        });
    }

    [Fact]
    public void Run_CallerSuppressedTheFlowOfItsContext_PluginStillSeesTheInvariantCulture()
    {
        var commas = new CultureInfo(string.Empty);
        commas.NumberFormat.NumberDecimalSeparator = ",";
        WithCultures(commas, () =>
        {
            using (ExecutionContext.SuppressFlow())
            {
                var result = GuardedCall.Run(Limits, 2.5m, static amount => amount.ToString());

                Assert.Equal("2.5", result.Value);
                Assert.Same(commas, CultureInfo.CurrentCulture);
            }
        });
    }

    [Fact]
    public void Run_CallerHasAsyncLocalValues_SeesThemInsideAndKeepsThemAfter()
    {
        var local = new AsyncLocal<string?>();
        WithCultures(new CultureInfo(string.Empty), () =>
        {
            local.Value = "caller";

            var result = GuardedCall.Run(Limits, local, static local => local.Value);

            Assert.Equal("caller", result.Value);
            Assert.Equal("caller", local.Value);
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_StaticLambdaWithState_AllocatesNothingOnceWarm(bool callerCulture)
    {
        WithCultures(callerCulture ? new CultureInfo(string.Empty) : CultureInfo.InvariantCulture, () =>
        {
            // One lambda for both loops: a static lambda's delegate is made at its first use, once.
            Func<int, int> parity = static n => n & 1;
            var total = 0;
            for (var i = 0; i < 1_000; i++)
            {
                total += GuardedCall.Run(Limits, i, parity).Value;
            }

            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100; i++)
            {
                total += GuardedCall.Run(Limits, i, parity).Value;
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(550, total);
        });
    }

    [Fact]
    public void Run_AfterACallStoppedByALimit_NextCallOnTheThreadStartsFresh()
    {
        var stopped = GuardedCall.Run(Limits, 10 * Limits.MaxOperations, Spin);
        var next = GuardedCall.Run(Limits, Limits.MaxOperations / 2, static operations => (Spin(operations), PluginGuard.Stopped(), PluginGuard.CanCatch()));

        Assert.Equal(GuardedEnd.Limit, stopped.End);
        Assert.Equal(PluginLimit.Operations, stopped.Limit!.Limit);
        Assert.Equal(GuardedEnd.Completed, next.End);
        Assert.Equal((Limits.MaxOperations / 2, false, true), next.Value);
    }

    [Fact]
    public void Run_NestedCallStoppedByALimit_LeavesTheOuterCallsScopeCurrentAndRunning()
    {
        var outer = GuardedCall.Run(Limits, 0, static _ =>
        {
            var mine = PluginGuard.Current;
            var inner = GuardedCall.Run(Limits, 10 * Limits.MaxOperations, static operations => (PluginGuard.Current, Spin(operations)));
            var again = GuardedCall.Run(Limits, 3, static operations => (PluginGuard.Current, Spin(operations)));
            return (Mine: mine, Inner: inner, Again: again, After: PluginGuard.Current, Spun: Spin(Limits.MaxOperations / 2));
        });

        Assert.Equal(GuardedEnd.Completed, outer.End);
        Assert.Equal(GuardedEnd.Limit, outer.Value.Inner.End);
        Assert.Equal(GuardedEnd.Completed, outer.Value.Again.End);
        Assert.NotSame(outer.Value.Mine, outer.Value.Again.Value.Current);
        Assert.Same(outer.Value.Mine, outer.Value.After);
        Assert.Equal(Limits.MaxOperations / 2, outer.Value.Spun);
        Assert.Null(PluginGuard.Current);
    }

    /// <summary>Runs <paramref name="operations"/> guarded operations the way injected loop guards count them.</summary>
    private static long Spin(long operations)
    {
        var state = PluginGuard.State();
        var ran = 0L;
        while (ran < operations && !(--state.Budget < 0 && state.Slow()))
        {
            ran++;
        }

        return ran;
    }

    private static void WithCultures(CultureInfo culture, Action test)
    {
        var (previous, previousUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        try
        {
            test();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }
}
