namespace PersonalApp.Benchmarks.Reporting;

/// <summary>One line of the summary: a figure, what it is compared with, the ratio, the target and whether it is met.</summary>
internal sealed record ResultRow(string Area, string Measurement, string Figure, string Baseline, string Ratio, string Target, string Verdict);
