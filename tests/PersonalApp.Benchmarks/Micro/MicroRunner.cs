using BenchmarkDotNet.Running;

namespace PersonalApp.Benchmarks.Micro;

/// <summary>Runs the BenchmarkDotNet classes in this process and keeps their medians for the summary table.</summary>
internal static class MicroRunner
{
    public static MicroResults Run(IEnumerable<Type> benchmarks, bool quick, string artifacts)
    {
        var results = new MicroResults();
        foreach (var type in benchmarks)
        {
            var summary = BenchmarkRunner.Run(type, MicroConfig.Create(quick, type, artifacts));
            foreach (var report in summary.Reports)
            {
                if (report.ResultStatistics is not { } statistics)
                {
                    continue;
                }

                var parameter = report.BenchmarkCase.Parameters.Items.FirstOrDefault()?.Value?.ToString() ?? string.Empty;
                var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
                results.Add(type.Name, report.BenchmarkCase.Descriptor.WorkloadMethod.Name, parameter, statistics.Median, allocated);
            }
        }

        return results;
    }
}
