using System.Globalization;
using PersonalApp;
using PersonalApp.Approvals;
using TicketKiosk.Contracts;

namespace TicketKiosk;

/// <summary>What the kiosk prints: orders, approval packets, progress.</summary>
internal static class Screen
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static void Step(string text)
    {
        Console.WriteLine();
        Console.WriteLine("== " + text);
    }

    public static IProgress<PersonalizationProgress> Progress() => new SyncProgress(p =>
        Console.WriteLine($"   [{p.Stage}{(p.Round > 0 ? " " + p.Round.ToString(Culture) : string.Empty)}] {p.Message}"));

    public static void Order(string label, PricedOrder priced)
    {
        var o = priced.Order;
        Console.WriteLine($"   {label}: {o.VisitDate:ddd yyyy-MM-dd}, {o.Adults} adult(s), {o.Children} child(ren), {o.Seniors} senior(s)");
        Console.WriteLine($"      list total {o.ListTotal.ToString("0.00", Culture)}");
        foreach (var adjustment in priced.Adjustments)
        {
            var sign = adjustment.Amount >= 0 ? "-" : "+";
            Console.WriteLine($"      {sign}{Math.Abs(adjustment.Amount).ToString("0.00", Culture)}  {adjustment.Reason}");
        }

        foreach (var skipped in priced.Skipped)
        {
            Console.WriteLine($"      (rule skipped: {skipped})");
        }

        Console.WriteLine($"      to pay     {priced.Total.ToString("0.00", Culture)}");
    }

    public static void Packet(PluginVersionInfo version)
    {
        Console.WriteLine($"   Plugin        {version.Key} ({version.Status})");
        Console.WriteLine($"   Wish          \"{version.Wish}\"");
        Console.WriteLine($"   Asked by      {version.Owner}");
        Console.WriteLine($"   Extension     {version.ExtensionPoint} ({version.ContractType})");
        Console.WriteLine($"   Model         {version.ModelId ?? "(unknown)"}, {version.RepairRounds} repair round(s), {version.InputTokens:N0} tokens in, {version.OutputTokens:N0} out");
        Console.WriteLine($"   DLL SHA-256   {version.Sha256}");
        foreach (var check in version.Verification)
        {
            Console.WriteLine($"   Check         {(check.Passed ? "passed" : "FAILED")}  {check.Origin}: {check.Name} ({check.Milliseconds:0.##} ms){(check.Message is null ? string.Empty : " - " + check.Message)}");
        }

        Console.WriteLine("   Source:");
        var lines = version.Source.Replace("\r", string.Empty, StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            Console.WriteLine($"   {(i + 1).ToString("D3", Culture)} | {lines[i]}");
        }
    }

    public static void Failure(PersonalizationResult result)
    {
        Console.WriteLine("   The request failed:");
        foreach (var diagnostic in result.Diagnostics)
        {
            Console.WriteLine("   - " + diagnostic);
        }
    }

    /// <summary>Reports synchronously, so progress lines print in order with the rest.</summary>
    private sealed class SyncProgress(Action<PersonalizationProgress> report) : IProgress<PersonalizationProgress>
    {
        public void Report(PersonalizationProgress value) => report(value);
    }
}
