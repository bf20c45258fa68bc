namespace PersonalApp.Benchmarks.Micro;

/// <summary>The medians BenchmarkDotNet measured, by benchmark class, method and parameter, in nanoseconds.</summary>
internal sealed class MicroResults
{
    private readonly Dictionary<(string Type, string Method, string Parameter), (double MedianNs, long? AllocatedBytes)> _results = [];

    public void Add(string type, string method, string parameter, double medianNs, long? allocatedBytes)
        => _results[(type, method, parameter)] = (medianNs, allocatedBytes);

    /// <summary>The median in milliseconds, or <see langword="null"/> when the case did not run (filtered out or failed).</summary>
    public double? Milliseconds(Type type, string method, string parameter = "")
        => _results.TryGetValue((type.Name, method, parameter), out var result) ? result.MedianNs / 1_000_000 : null;

    public long? Allocated(Type type, string method, string parameter = "")
        => _results.TryGetValue((type.Name, method, parameter), out var result) ? result.AllocatedBytes : null;

    public bool Has(Type type, string method) => _results.Keys.Any(k => k.Type == type.Name && k.Method == method);
}
