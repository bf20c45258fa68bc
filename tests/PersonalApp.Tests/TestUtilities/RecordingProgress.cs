namespace PersonalApp.Tests.TestUtilities;

/// <summary>
/// Records progress reports synchronously and in order (unlike <see cref="Progress{T}"/>, which posts them), and can act
/// on a report, for example to cancel the request at a given stage.
/// </summary>
internal sealed class RecordingProgress(Action<PersonalizationProgress>? onReport = null) : IProgress<PersonalizationProgress>
{
    private readonly List<PersonalizationProgress> _reports = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<PersonalizationProgress> Reports
    {
        get
        {
            lock (_lock)
            {
                return [.. _reports];
            }
        }
    }

    public IReadOnlyList<PersonalizationStage> Stages => [.. Reports.Select(r => r.Stage)];

    public void Report(PersonalizationProgress value)
    {
        lock (_lock)
        {
            _reports.Add(value);
        }

        onReport?.Invoke(value);
    }
}
