using System.Globalization;
using System.Text;

namespace PersonalApp.Approvals;

/// <summary>
/// A unified diff of two texts, line by line (longest common subsequence after the common start and end are set aside),
/// with three lines of context around each change, as <c>diff -u</c> prints it.
/// </summary>
internal static class LineDiff
{
    /// <summary>Above this many cells the middle is shown as replaced whole rather than searched for common lines.</summary>
    private const long MaxCells = 4_000_000;

    /// <summary>The unified diff from <paramref name="before"/> to <paramref name="after"/>; empty when they have the same lines.</summary>
    public static string Unified(string before, string after, string beforeName, string afterName, int context = 3)
    {
        var a = Lines(before);
        var b = Lines(after);
        var edits = Edits(a, b);
        if (edits.All(e => e.Op == ' '))
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        text.Append("--- ").Append(beforeName).Append('\n');
        text.Append("+++ ").Append(afterName).Append('\n');
        var i = 0;
        while (i < edits.Count)
        {
            // Find the next change, then grow the hunk while changes are within 2 * context lines of each other.
            while (i < edits.Count && edits[i].Op == ' ')
            {
                i++;
            }

            if (i == edits.Count)
            {
                break;
            }

            var start = Math.Max(0, i - context);
            var end = i;
            var lastChange = i;
            while (end < edits.Count)
            {
                if (edits[end].Op != ' ')
                {
                    lastChange = end;
                }
                else if (end - lastChange > 2 * context)
                {
                    break;
                }

                end++;
            }

            end = Math.Min(edits.Count, lastChange + context + 1);
            var hunk = edits.GetRange(start, end - start);
            var oldStart = hunk.FirstOrDefault(e => e.Op != '+').OldLine;
            var newStart = hunk.FirstOrDefault(e => e.Op != '-').NewLine;
            var oldCount = hunk.Count(e => e.Op != '+');
            var newCount = hunk.Count(e => e.Op != '-');
            text.Append(CultureInfo.InvariantCulture, $"@@ -{Range(oldStart, oldCount, hunk, '+')} +{Range(newStart, newCount, hunk, '-')} @@\n");
            foreach (var edit in hunk)
            {
                text.Append(edit.Op).Append(edit.Text).Append('\n');
            }

            i = end;
        }

        return text.ToString();
    }

    private static string Range(int start, int count, List<Edit> hunk, char other)
    {
        // diff -u writes an empty side as "N,0" where N is the line before the hunk.
        if (count == 0)
        {
            var before = hunk[0].Op == other ? (other == '+' ? hunk[0].OldLine : hunk[0].NewLine) - 1 : start - 1;
            return string.Create(CultureInfo.InvariantCulture, $"{Math.Max(0, before)},0");
        }

        return count == 1 ? start.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{start},{count}");
    }

    private static string[] Lines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary>The edit script: each line kept (' '), removed ('-') or added ('+'), with its 1-based line numbers.</summary>
    private static List<Edit> Edits(string[] a, string[] b)
    {
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        var edits = new List<Edit>(a.Length + b.Length);
        for (var k = 0; k < prefix; k++)
        {
            edits.Add(new Edit(' ', a[k], k + 1, k + 1));
        }

        var n = a.Length - prefix - suffix;
        var m = b.Length - prefix - suffix;
        if ((long)(n + 1) * (m + 1) > MaxCells)
        {
            for (var k = 0; k < n; k++)
            {
                edits.Add(new Edit('-', a[prefix + k], prefix + k + 1, prefix + 1));
            }

            for (var k = 0; k < m; k++)
            {
                edits.Add(new Edit('+', b[prefix + k], prefix + n + 1, prefix + k + 1));
            }
        }
        else
        {
            // lcs[i, j]: the longest common subsequence of a[prefix + i..] and b[prefix + j..] in the middle.
            var lcs = new int[n + 1, m + 1];
            for (var i = n - 1; i >= 0; i--)
            {
                for (var j = m - 1; j >= 0; j--)
                {
                    lcs[i, j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
                }
            }

            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && a[prefix + x] == b[prefix + y])
                {
                    edits.Add(new Edit(' ', a[prefix + x], prefix + x + 1, prefix + y + 1));
                    x++;
                    y++;
                }
                else if (x < n && (y == m || lcs[x + 1, y] >= lcs[x, y + 1]))
                {
                    // Removals before additions, as diff -u prints a changed line.
                    edits.Add(new Edit('-', a[prefix + x], prefix + x + 1, prefix + y + 1));
                    x++;
                }
                else
                {
                    edits.Add(new Edit('+', b[prefix + y], prefix + x + 1, prefix + y + 1));
                    y++;
                }
            }
        }

        for (var k = 0; k < suffix; k++)
        {
            edits.Add(new Edit(' ', a[a.Length - suffix + k], a.Length - suffix + k + 1, b.Length - suffix + k + 1));
        }

        return edits;
    }

    /// <summary>One line of the edit script. For an added line <see cref="OldLine"/> is where it goes; for a removed one, <see cref="NewLine"/>.</summary>
    private readonly record struct Edit(char Op, string Text, int OldLine, int NewLine);
}
