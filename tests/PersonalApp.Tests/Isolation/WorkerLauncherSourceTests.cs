using Microsoft.Extensions.Time.Testing;
using PersonalApp.Isolation;
using Xunit;

namespace PersonalApp.Tests.Isolation;

public sealed class WorkerLauncherSourceTests
{
    [Fact]
    public void Value_SetUpFailedOnce_IsTriedAgainAfterItsBackoffInsteadOfFailingForever()
    {
        var time = new FakeTimeProvider();
        var attempts = 0;
        var source = new WorkerLauncherSource(() => { attempts++; throw new IOException("the temp folder is full"); }, time);

        Assert.Throws<IOException>(() => source.Value);
        var cached = Assert.Throws<PersonalizationException>(() => source.Value);
        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Throws<IOException>(() => source.Value);

        Assert.Equal(2, attempts);
        Assert.Equal("PA0703", cached.DiagnosticId);
        Assert.Contains("tries again", cached.Message, StringComparison.Ordinal);
        Assert.False(source.IsCreated);
    }

    [Fact]
    public void Value_BackoffDoublesAfterEachFailure()
    {
        var time = new FakeTimeProvider();
        var attempts = 0;
        var source = new WorkerLauncherSource(() => { attempts++; throw new IOException("still broken"); }, time);

        Assert.Throws<IOException>(() => source.Value);
        time.Advance(TimeSpan.FromSeconds(1.1));
        Assert.Throws<IOException>(() => source.Value);
        time.Advance(TimeSpan.FromSeconds(1.1));
        Assert.Throws<PersonalizationException>(() => source.Value);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Throws<IOException>(() => source.Value);

        Assert.Equal(3, attempts);
    }
}
