using PersonalApp.Isolation;
using Xunit;

namespace PersonalApp.SecurityTests.Isolation;

/// <summary>Runs the isolation corpus once per mode: a plain child process, and bubblewrap when this machine has it.</summary>
public sealed class IsolationCorpusFixture : IAsyncLifetime
{
    public IsolationCorpus? Plain { get; private set; }

    public IsolationCorpus? Bubblewrap { get; private set; }

    public async Task InitializeAsync()
    {
        Plain = await IsolationCorpus.RunAsync(SandboxRequirement.Never);
        if (IsolationCorpus.BubblewrapAvailable)
        {
            Bubblewrap = await IsolationCorpus.RunAsync(SandboxRequirement.Required);
        }
    }

    public async Task DisposeAsync()
    {
        if (Plain is not null)
        {
            await Plain.DisposeAsync();
        }

        if (Bubblewrap is not null)
        {
            await Bubblewrap.DisposeAsync();
        }
    }
}
