using PersonalApp;
using PersonalApp.Approvals;
using PersonalApp.Runtime;
using TicketKiosk.Contracts;

namespace TicketKiosk;

/// <summary>
/// The whole story without input: a wish, generation, the approval packet, approval, the feature used, a report, a
/// restart with the features still there, a change asked for in words, a wish the offline model declines, a revoke.
/// Every step checks what it shows; a wrong figure ends the demo with exit code 1.
/// </summary>
internal static class DemoScript
{
    private static readonly DateOnly Tuesday = new(2026, 12, 1);
    private static readonly DateOnly Saturday = new(2026, 12, 5);

    public static async Task<int> RunAsync(string dataDirectory, bool deleteAfterwards, bool isolated, CancellationToken cancellationToken)
    {
        try
        {
            var (model, description) = ModelSelection.FromEnvironment(Environment.GetEnvironmentVariable);
            Console.WriteLine("PersonalApp ticket kiosk: demo");
            Console.WriteLine($"   model: {description}");
            Console.WriteLine($"   data:  {dataDirectory}");
            Console.WriteLine($"   placement: {(isolated ? "isolated (approved features run in worker processes)" : "in-process (behind the sandbox's in-process layers)")}");

            Screen.Step("1. The kiosk starts with no pricing rules");
            var kiosk = await KioskHost.StartAsync(dataDirectory, model, isolated, cancellationToken);
            if (isolated)
            {
                Console.WriteLine("   " + kiosk.Isolation.Report);
            }
            var group = Sales.Order(Tuesday, adults: 12);
            var before = PriceCalculator.Price(group, kiosk.Features.GetAll<ITicketPricingRule>("anna"));
            Screen.Order("Group of 12 on a Tuesday", before);
            Expect(before.Total == 240m, "a group of 12 adults pays the list price 240.00 before any rule");

            Screen.Step("2. Anna, at the ticket desk, asks: \"20% off for groups of more than ten on weekdays\"");
            var result = await kiosk.Personalizer.RequestAsync("anna", "20% off for groups of more than ten on weekdays", Screen.Progress(), cancellationToken);
            if (!result.IsPendingApproval)
            {
                Screen.Failure(result);
                return 1;
            }

            var rule = result.Plugin!.Value;

            Screen.Step("3. The manager reads the approval packet");
            var packet = await kiosk.Approvals.GetAsync(rule, cancellationToken) ?? throw new InvalidOperationException("the pending version is missing");
            Screen.Packet(packet);
            Expect(packet.Status == PluginStatus.PendingApproval, "the new rule waits for approval");
            Expect(kiosk.Features.GetAll<ITicketPricingRule>("anna").Count == 0, "nothing is live before approval");

            Screen.Step("4. The manager approves it: live at once, no restart");
            await kiosk.Approvals.ApproveAsync(rule, "manager", "Matches our group policy", cancellationToken);
            var rules = kiosk.Features.GetAll<ITicketPricingRule>("anna");
            Console.WriteLine($"   Anna's rules: {string.Join(", ", rules.Select(r => $"\"{r.Instance.Name}\" ({r.Key})"))}");
            var weekdayGroup = PriceCalculator.Price(group, rules);
            Screen.Order("Group of 12 on a Tuesday", weekdayGroup);
            Expect(weekdayGroup.Total == 192m, "a weekday group of 12 gets 20% off: 192.00");
            var weekendGroup = PriceCalculator.Price(Sales.Order(Saturday, adults: 12), rules);
            Screen.Order("Group of 12 on a Saturday", weekendGroup);
            Expect(weekendGroup.Total == 240m, "the rule does not apply on a Saturday");
            var smallGroup = PriceCalculator.Price(Sales.Order(Tuesday, adults: 10), rules);
            Screen.Order("Group of 10 on a Tuesday", smallGroup);
            Expect(smallGroup.Total == 200m, "ten is not more than ten");
            Expect(kiosk.Features.GetAll<ITicketPricingRule>("ben").Count == 0, "Ben, at the other desk, does not get Anna's personal rule");
            Console.WriteLine("   Ben's rules: none (the rule is Anna's own)");

            Screen.Step("5. Anna asks for a report: \"a daily report of revenue and visitors\"");
            var report = await kiosk.Personalizer.RequestAsync("anna", "a daily report of revenue and visitors", Screen.Progress(), cancellationToken);
            if (!report.IsPendingApproval)
            {
                Screen.Failure(report);
                return 1;
            }

            await kiosk.Approvals.ApproveAsync(report.Plugin!.Value, "manager", "Useful for the evening count", cancellationToken);
            var sales = Sales.Sample(new DateOnly(2026, 11, 30));
            var reports = kiosk.Features.GetAll<ISalesReport>("anna");
            Expect(reports.Count == 1, "the report is live");
            var printed = reports[0].Instance.Render(sales);
            Console.WriteLine($"   {reports[0].Instance.Title}:");
            Console.WriteLine("   " + printed.Replace("\n", "\n   ", StringComparison.Ordinal));
            Expect(printed.Contains("396.00", StringComparison.Ordinal), "the report adds up the takings (396.00)");

            Screen.Step("6. The kiosk restarts");
            await kiosk.DisposeAsync();
            Console.WriteLine("   stopped; starting again on the same database...");
            kiosk = await KioskHost.StartAsync(dataDirectory, model, isolated, cancellationToken);
            rules = kiosk.Features.GetAll<ITicketPricingRule>("anna");
            Console.WriteLine($"   Anna's rules after the restart: {string.Join(", ", rules.Select(r => $"\"{r.Instance.Name}\" ({r.Key})"))}");
            var afterRestart = PriceCalculator.Price(group, rules);
            Screen.Order("Group of 12 on a Tuesday", afterRestart);
            Expect(afterRestart.Total == 192m, "the rule is still live after the restart (hash checked, reloaded)");

            Screen.Step("7. Anna changes her mind: \"make it 25% off\"");
            var change = await kiosk.Personalizer.RequestAsync(
                new PersonalizationRequest("anna", "make it 25% off") { PluginId = rule.PluginId }, Screen.Progress(), cancellationToken);
            if (!change.IsPendingApproval)
            {
                Screen.Failure(change);
                return 1;
            }

            Console.WriteLine($"   {change.Plugin} waits for approval; {rule} stays live meanwhile");
            Expect(PriceCalculator.Price(group, kiosk.Features.GetAll<ITicketPricingRule>("anna")).Total == 192m, "v1 stays live until v2 is approved");
            await kiosk.Approvals.ApproveAsync(change.Plugin!.Value, "manager", "New group policy", cancellationToken);
            var changed = PriceCalculator.Price(group, kiosk.Features.GetAll<ITicketPricingRule>("anna"));
            Screen.Order("Group of 12 on a Tuesday", changed);
            Expect(changed.Total == 180m, "v2 replaced v1 without a restart: 25% off is 180.00");
            var old = await kiosk.Approvals.GetAsync(rule, cancellationToken);
            Console.WriteLine($"   {rule} is now {old!.Status}");
            var live = await kiosk.Approvals.GetAsync(change.Plugin!.Value, cancellationToken);
            Console.WriteLine($"   {change.Plugin} runs {live!.Placement}");
            Expect(live.Placement == (isolated ? PluginPlacement.Isolated : PluginPlacement.InProcess), $"the approved version runs {(isolated ? "in an isolated worker" : "in-process")}");

            Screen.Step("8. Ben asks for something the offline demo model cannot write");
            var declined = await kiosk.Personalizer.RequestAsync("ben", "a loyalty card: every tenth visit is free", Screen.Progress(), cancellationToken);
            if (declined.IsPendingApproval)
            {
                Console.WriteLine($"   (a real model wrote it: {declined.Plugin}; left pending)");
            }
            else
            {
                Screen.Failure(declined);
            }

            Screen.Step("9. The manager revokes the report");
            await kiosk.Approvals.RevokeAsync(report.Plugin!.Value.PluginId, "manager", "Replaced by the till's own report", cancellationToken);
            Expect(kiosk.Features.GetAll<ISalesReport>("anna").Count == 0, "the revoked report is gone");
            Console.WriteLine("   Anna's reports: none");

            Screen.Step("10. The audit log");
            foreach (var entry in await kiosk.Approvals.GetAuditLogAsync(cancellationToken: cancellationToken))
            {
                Console.WriteLine($"   #{entry.Sequence,-3} {entry.Action,-15} {entry.Actor,-8} {(entry.PluginId is null ? string.Empty : entry.Version is null ? entry.PluginId : $"{entry.PluginId} v{entry.Version}"),-36} {entry.Reason}");
            }

            await kiosk.DisposeAsync();
            Console.WriteLine();
            Console.WriteLine("Demo finished: every step showed what it should.");
            return 0;
        }
        catch (DemoCheckException ex)
        {
            Console.Error.WriteLine($"Demo check failed: {ex.Message}");
            return 1;
        }
        finally
        {
            if (deleteAfterwards)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try
                {
                    Directory.Delete(dataDirectory, recursive: true);
                }
                catch (IOException)
                {
                    // A leftover temp folder is harmless.
                }
            }
        }
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new DemoCheckException(what);
        }

        Console.WriteLine($"   ok: {what}");
    }

    private sealed class DemoCheckException(string message) : Exception(message);
}
