using PersonalApp.Approvals;

namespace PersonalApp.Tests.Approvals;

public sealed class LineDiffTests
{
    [Fact]
    public void Unified_SameLines_IsEmpty()
    {
        Assert.Equal(string.Empty, LineDiff.Unified("a\nb\n", "a\r\nb\r\n", "old", "new"));
    }

    [Fact]
    public void Unified_OneLineChanged_ShowsItWithThreeLinesOfContext()
    {
        var before = string.Join('\n', Enumerable.Range(1, 10).Select(i => $"line {i}")) + "\n";
        var after = before.Replace("line 5", "line five", StringComparison.Ordinal);

        var diff = LineDiff.Unified(before, after, "rule v1", "rule v2");

        Assert.Equal(
            """
            --- rule v1
            +++ rule v2
            @@ -2,7 +2,7 @@
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8

            """.Replace("\r", string.Empty, StringComparison.Ordinal),
            diff);
    }

    [Fact]
    public void Unified_ChangesFarApart_MakesTwoHunks()
    {
        var before = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"l{i}"));
        var after = before.Replace("l2\n", "l2 changed\n", StringComparison.Ordinal).Replace("l18", "l18 changed", StringComparison.Ordinal);

        var diff = LineDiff.Unified(before, after, "a", "b");

        Assert.Equal(2, diff.Split('\n').Count(l => l.StartsWith("@@", StringComparison.Ordinal)));
        Assert.Contains("@@ -1,5 +1,5 @@", diff, StringComparison.Ordinal);
        Assert.Contains("@@ -15,6 +15,6 @@", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Unified_LinesAddedAndRemoved_CountsEachSide()
    {
        var diff = LineDiff.Unified("a\nb\nc\n", "a\nc\nd\ne\n", "a", "b");

        Assert.Contains("@@ -1,3 +1,4 @@", diff, StringComparison.Ordinal);
        Assert.Contains("\n-b\n", diff, StringComparison.Ordinal);
        Assert.Contains("\n+d\n+e\n", diff, StringComparison.Ordinal);
        Assert.DoesNotContain("\n-c\n", diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Unified_FromEmpty_WritesTheEmptySideAsZeroLines()
    {
        var diff = LineDiff.Unified(string.Empty, "x\ny\n", "a", "b");

        Assert.Contains("@@ -0,0 +1,2 @@", diff, StringComparison.Ordinal);
    }
}
