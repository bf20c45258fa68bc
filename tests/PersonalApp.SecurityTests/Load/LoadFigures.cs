using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace PersonalApp.SecurityTests.Load;

/// <summary>What a load run did, per kind of operation: how many, with what result, and how long they took.</summary>
internal sealed class LoadFigures
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _latencies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _results = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _escaped = new();

    /// <summary>Gets the exceptions that escaped an API that must answer with a result or a documented diagnostic.</summary>
    public IReadOnlyCollection<string> Escaped => _escaped;

    public void Record(string operation, string result, TimeSpan took)
    {
        _latencies.GetOrAdd(operation, _ => []).Add(took.TotalMilliseconds);
        _results.AddOrUpdate($"{operation}: {result}", 1, (_, n) => n + 1);
    }

    public void Escape(string operation, Exception exception) => _escaped.Enqueue($"{operation}: {exception.GetType().FullName}: {exception.Message}");

    public int Count(string operation, string result) => _results.GetValueOrDefault($"{operation}: {result}");

    public int Count(string operation) => _latencies.TryGetValue(operation, out var all) ? all.Count : 0;

    /// <summary>A Markdown table: per operation, the count, the rate, the latency percentiles, and the results.</summary>
    public string Report(string title, TimeSpan duration)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{title}: {duration.TotalSeconds:N0} s, load average {LoadAverage()}");
        text.AppendLine("| operation | count | per second | median | p99 | max | results |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (operation, bag) in _latencies.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var sorted = bag.Order().ToArray();
            var results = string.Join(", ", _results.Where(r => r.Key.StartsWith(operation + ": ", StringComparison.Ordinal))
                .OrderByDescending(r => r.Value).Select(r => $"{r.Key[(operation.Length + 2)..]} {r.Value}"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {operation} | {sorted.Length:N0} | {sorted.Length / duration.TotalSeconds:N1} | {Percentile(sorted, 0.5):N1} ms | {Percentile(sorted, 0.99):N1} ms | {sorted[^1]:N1} ms | {results} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"escaped exceptions: {_escaped.Count}");
        return text.ToString();
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
