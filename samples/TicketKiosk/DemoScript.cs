using PersonalApp;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using PersonalApp.Runtime;
using TicketKiosk.Contracts;

namespace TicketKiosk;

/// <summary>
/// The whole story without input: a wish, generation, the approval packet, approval, the feature used, a report offered
/// again instead of written twice and shared with everyone, a report that returns a view (a table and a chart), a rule that keeps data (storage and clock granted at
/// approval), a restart with the features and their data still there, a change asked for in words (its packet shows the
/// diff), a rollback, a wish the offline model declines, a revoke, the audit log and the capability counts.
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
            var packet = await kiosk.Approvals.GetPacketAsync(rule, cancellationToken) ?? throw new InvalidOperationException("the pending version is missing");
            Screen.Packet(packet);
            Expect(packet.Version.Status == PluginStatus.PendingApproval, "the new rule waits for approval");
            Expect(packet.Risk == RiskLevel.Low && packet.Version.RequestedCapabilities.Count == 0, "pure computation over the order, no capabilities: low risk");
            Expect(packet.Version.ApisUsed.Any(a => a.Namespace == "TicketKiosk.Contracts" && a.Members.Contains("TicketOrder.GroupSize (get)")), "the packet lists the APIs the code uses, by namespace");
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

            Screen.Step("6. Ben asks for the same report in his own words; the manager shares Anna's with everyone");
            var same = await kiosk.Personalizer.RequestAsync("ben", "A daily report of revenue and visitors.", Screen.Progress(), cancellationToken);
            Expect(same.Kind == PersonalizationResultKind.ExistingPluginOffered && same.ReusedPlugin == report.Plugin, "the approved report is offered instead of writing a new one: no model call");
            Console.WriteLine($"   tokens saved: {same.TokensSaved:N0}");
            Expect(same.TokensSaved > 0, "the tokens saved are counted");
            await kiosk.Approvals.PromoteAsync(report.Plugin!.Value.PluginId, PluginAudience.Everyone, "manager", "Every desk prints it in the evening", cancellationToken);
            Expect(kiosk.Features.GetAll<ISalesReport>("ben").Count == 1, "after the promotion Ben gets Anna's report too");

            Screen.Step("7. Anna asks for \"the day's sales by hour as a table and a chart\" (a feature that returns a view)");
            var chart = await kiosk.Personalizer.RequestAsync("anna", "the day's sales by hour as a table and a chart", Screen.Progress(), cancellationToken);
            if (!chart.IsPendingApproval)
            {
                Screen.Failure(chart);
                return 1;
            }

            await kiosk.Approvals.ApproveAsync(chart.Plugin!.Value, "manager", "Shows the busy hours", cancellationToken);
            var views = kiosk.Features.GetAll<IDailyReportView>("anna");
            Expect(views.Count == 1, "the view is live");
            var monday = sales.Where(s => s.SoldAt.Date == new DateTime(2026, 11, 30)).ToList();
            var view = views[0].Invoke(monday, static (report, day) => report.Build(day));
            Expect(view.IsCompleted, "it builds its view" + (view.IsCompleted ? string.Empty : $": {view.Kind}: {view.Message}"));
            Console.WriteLine("   " + ViewText.Render(view.Value!).TrimEnd().Replace("\n", "\n   ", StringComparison.Ordinal));
            Expect(view.Value!.Blocks.OfType<PersonalApp.Views.TableBlock>().Single().Rows.Count == 2, "one row per hour with sales (09:00 and 11:00)");
            Expect(view.Value!.Blocks.OfType<PersonalApp.Views.KeyValueBlock>().Single().Items.Any(i => i.Value == "242.00"), "the day's takings add up (242.00)");

            Screen.Step("8. Ben asks: \"every third group today gets 10% off\" (a rule that needs to remember)");
            var counter = await kiosk.Personalizer.RequestAsync("ben", "every third group today gets 10% off", Screen.Progress(), cancellationToken);
            if (!counter.IsPendingApproval)
            {
                Screen.Failure(counter);
                return 1;
            }

            var counterPacket = await kiosk.Approvals.GetPacketAsync(counter.Plugin!.Value, cancellationToken) ?? throw new InvalidOperationException("the pending version is missing");
            Screen.Packet(counterPacket, showSource: false);
            Expect(counterPacket.Version.RequestedCapabilities.SequenceEqual(["storage", "clock"]), "its manifest asks for storage and the clock, as its code uses them");
            Expect(counterPacket.Risk == RiskLevel.Medium, "keeping data per user makes it medium risk");
            await kiosk.Approvals.ApproveAsync(
                counter.Plugin!.Value,
                // The placement is the kiosk's default (--isolated or not): an isolated plugin's storage and clock calls come back to the kiosk, which checks and answers them.
                new ApprovalDecision("manager", "A fair loyalty offer") { GrantedCapabilities = new HashSet<string> { "storage", "clock" } },
                cancellationToken);
            decimal[] expected = [240m, 240m, 216m];
            for (var i = 0; i < expected.Length; i++)
            {
                var served = PriceCalculator.Price(group, kiosk.Features.GetAll<ITicketPricingRule>("ben"));
                Screen.Order($"Ben's group {i + 1} today", served);
                Expect(served.Total == expected[i], $"group {i + 1} pays {expected[i]:0.00}");
            }

            Screen.Step("9. The kiosk restarts");
            await kiosk.DisposeAsync();
            Console.WriteLine("   stopped; starting again on the same database...");
            kiosk = await KioskHost.StartAsync(dataDirectory, model, isolated, cancellationToken);
            rules = kiosk.Features.GetAll<ITicketPricingRule>("anna");
            Console.WriteLine($"   Anna's rules after the restart: {string.Join(", ", rules.Select(r => $"\"{r.Instance.Name}\" ({r.Key})"))}");
            var afterRestart = PriceCalculator.Price(group, rules);
            Screen.Order("Group of 12 on a Tuesday", afterRestart);
            Expect(afterRestart.Total == 192m, "the rule is still live after the restart (hash checked, reloaded)");
            var fourth = PriceCalculator.Price(group, kiosk.Features.GetAll<ITicketPricingRule>("ben"));
            Screen.Order("Ben's group 4 today", fourth);
            Expect(fourth.Adjustments.Any(a => a.Reason == "Group 4 served today"), "Ben's counter kept its data in the store across the restart");

            Screen.Step("10. Anna changes her mind: \"make it 25% off\"");
            var change = await kiosk.Personalizer.RequestAsync(
                new PersonalizationRequest("anna", "make it 25% off") { PluginId = rule.PluginId }, Screen.Progress(), cancellationToken);
            if (!change.IsPendingApproval)
            {
                Screen.Failure(change);
                return 1;
            }

            Console.WriteLine($"   {change.Plugin} waits for approval; {rule} stays live meanwhile");
            Expect(PriceCalculator.Price(group, kiosk.Features.GetAll<ITicketPricingRule>("anna")).Total == 192m, "v1 stays live until v2 is approved");
            var changePacket = await kiosk.Approvals.GetPacketAsync(change.Plugin!.Value, cancellationToken) ?? throw new InvalidOperationException("the pending version is missing");
            Screen.Packet(changePacket);
            Expect(changePacket.Diff is { } diff && diff.Contains("-    private const decimal Rate = 0.20m;", StringComparison.Ordinal) && diff.Contains("+    private const decimal Rate = 0.25m;", StringComparison.Ordinal),
                "the packet shows the change as a diff against v1");
            await kiosk.Approvals.ApproveAsync(change.Plugin!.Value, "manager", "New group policy", cancellationToken);
            var changed = PriceCalculator.Price(group, kiosk.Features.GetAll<ITicketPricingRule>("anna"));
            Screen.Order("Group of 12 on a Tuesday", changed);
            Expect(changed.Total == 180m, "v2 replaced v1 without a restart: 25% off is 180.00");
            var old = await kiosk.Approvals.GetAsync(rule, cancellationToken);
            Console.WriteLine($"   {rule} is now {old!.Status}");
            var live = await kiosk.Approvals.GetAsync(change.Plugin!.Value, cancellationToken);
            Console.WriteLine($"   {change.Plugin} runs {live!.Placement}");
            Expect(live.Placement == (isolated ? PluginPlacement.Isolated : PluginPlacement.InProcess), $"the approved version runs {(isolated ? "in an isolated worker" : "in-process")}");

            Screen.Step("11. The manager rolls Anna's rule back to v1");
            await kiosk.Approvals.RollbackAsync(rule, "manager", "25% is more than the budget allows", cancellationToken);
            var rolledBack = PriceCalculator.Price(group, kiosk.Features.GetAll<ITicketPricingRule>("anna"));
            Screen.Order("Group of 12 on a Tuesday", rolledBack);
            Expect(rolledBack.Total == 192m, "v1 is live again: 20% off is 192.00");

            Screen.Step("12. Ben asks for something the offline demo model cannot write");
            var declined = await kiosk.Personalizer.RequestAsync("ben", "a loyalty card: every tenth visit is free", Screen.Progress(), cancellationToken);
            if (declined.IsPendingApproval)
            {
                Console.WriteLine($"   (a real model wrote it: {declined.Plugin}; left pending)");
            }
            else
            {
                Screen.Failure(declined);
            }

            Screen.Step("13. The manager revokes the report");
            await kiosk.Approvals.RevokeAsync(report.Plugin!.Value.PluginId, "manager", "Replaced by the till's own report", cancellationToken);
            Expect(kiosk.Features.GetAll<ISalesReport>("anna").Count == 0 && kiosk.Features.GetAll<ISalesReport>("ben").Count == 0, "the revoked report is gone for everyone");
            Console.WriteLine("   Reports: none");

            Screen.Step("14. The audit log and the capability counts");
            foreach (var entry in await kiosk.Approvals.GetAuditLogAsync(cancellationToken: cancellationToken))
            {
                Console.WriteLine($"   #{entry.Sequence,-3} {entry.Action,-20} {entry.Actor,-8} {(entry.PluginId is null ? string.Empty : entry.Version is null ? entry.PluginId : $"{entry.PluginId} v{entry.Version}"),-36} {entry.Reason}");
            }

            var usage = await kiosk.Approvals.GetCapabilityUsageAsync(counter.Plugin!.Value.PluginId, cancellationToken);
            foreach (var count in usage)
            {
                Console.WriteLine($"   {count.Plugin} {count.Capability,-8} {count.Day:yyyy-MM-dd}: {count.Uses} use(s), {count.Refused} refused");
            }

            Expect(usage.Where(u => u.Capability == "storage").Sum(u => u.Uses) == 4, "the four groups' counts were audited in aggregate: 4 storage uses, one row a day");

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
