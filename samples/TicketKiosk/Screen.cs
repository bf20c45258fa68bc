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

    /// <summary>The approval packet as the manager reads it: who, what, cost, risk, capabilities, APIs, and the diff or the code.</summary>
    public static void Packet(ApprovalPacket packet, bool showSource = true)
    {
        Console.WriteLine($"   Plugin        {packet.Version.Key} ({packet.Version.Status})");
        Console.WriteLine($"   Wish          \"{packet.Version.Wish}\"");
        Console.WriteLine($"   Asked by      {packet.Version.Owner}");
        Console.WriteLine($"   Extension     {packet.Version.ExtensionPoint} ({packet.Version.ContractType})");
        Console.WriteLine($"   Model         {packet.Version.ModelId ?? "(unknown)"}, {packet.Version.RepairRounds} repair round(s), {packet.Version.InputTokens:N0} tokens in, {packet.Version.OutputTokens:N0} out");
        Console.WriteLine($"   DLL SHA-256   {packet.Version.Sha256}");
        Console.WriteLine($"   Risk          {packet.Risk}");
        foreach (var reason in packet.RiskReasons)
        {
            Console.WriteLine($"                 - {reason}");
        }

        Console.WriteLine($"   Capabilities  {(packet.Version.RequestedCapabilities.Count == 0 ? "none" : string.Join(", ", packet.Version.RequestedCapabilities))}");
        Console.WriteLine($"   Placement     {packet.PlacementMeaning}");
        if (packet.PlacementWarning is { } warning)
        {
            Console.WriteLine($"                 ! {warning}");
        }
        Console.WriteLine($"   Verification  {(packet.Version.Verification.Count == 0 ? "no checks" : $"{packet.Version.Verification.Count(c => c.Passed)} of {packet.Version.Verification.Count} passed, in an isolated worker")}");
        foreach (var check in packet.Version.Verification)
        {
            Console.WriteLine($"                 {(check.Passed ? "passed" : "FAILED")}  {check.Origin}: {check.Name} ({check.Milliseconds:0.##} ms){(check.Message is null ? string.Empty : " - " + check.Message)}");
        }

        Console.WriteLine("   APIs used:");
        foreach (var group in packet.Version.ApisUsed)
        {
            Console.WriteLine($"     {group.Namespace}: {string.Join(", ", group.Members)}");
        }

        if (packet.Diff is { Length: > 0 } diff)
        {
            Console.WriteLine($"   Changes since {packet.PreviousVersion}:");
            foreach (var line in diff.TrimEnd('\n').Split('\n'))
            {
                Console.WriteLine("     " + line);
            }
        }
        else if (showSource)
        {
            Console.WriteLine("   Source:");
            foreach (var line in packet.NumberedSource.TrimEnd('\n').Split('\n'))
            {
                Console.WriteLine("   " + line);
            }
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
