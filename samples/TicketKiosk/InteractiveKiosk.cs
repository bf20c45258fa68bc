using System.Globalization;
using PersonalApp;
using PersonalApp.Approvals;
using PersonalApp.Catalog;
using TicketKiosk.Contracts;

namespace TicketKiosk;

/// <summary>The kiosk as staff use it: sell tickets, ask for a rule or report, and (as manager) approve or revoke.</summary>
internal static class InteractiveKiosk
{
    public static async Task<int> RunAsync(string dataDirectory, bool isolated, CancellationToken cancellationToken)
    {
        var (model, description) = ModelSelection.FromEnvironment(Environment.GetEnvironmentVariable);
        Console.WriteLine("PersonalApp ticket kiosk");
        Console.WriteLine($"   model: {description}");
        Console.WriteLine($"   data:  {dataDirectory}");
        await using var kiosk = await KioskHost.StartAsync(dataDirectory, model, isolated, cancellationToken);
        var user = Ask("Who is at the desk? (your name)") is { Length: > 0 } name ? name : "staff";
        while (!cancellationToken.IsCancellationRequested)
        {
            Console.WriteLine();
            Console.WriteLine($"[{user}] 1 sell tickets  2 ask for a feature  3 my features  4 approve (manager)  5 revoke (manager)  6 sales report  q quit");
            switch (Ask(">"))
            {
                case "1":
                    Sell(kiosk, user);
                    break;
                case "2":
                    await WishAsync(kiosk, user, cancellationToken);
                    break;
                case "3":
                    Mine(kiosk, user);
                    break;
                case "4":
                    await ApproveAsync(kiosk, cancellationToken);
                    break;
                case "5":
                    await RevokeAsync(kiosk, cancellationToken);
                    break;
                case "6":
                    Report(kiosk, user);
                    break;
                case "q" or null:
                    return 0;
            }
        }

        return 0;
    }

    private static void Sell(KioskHost kiosk, string user)
    {
        var date = DateOnly.TryParse(Ask("Visit date (yyyy-mm-dd, empty for today)"), CultureInfo.InvariantCulture, out var d) ? d : DateOnly.FromDateTime(DateTime.Today);
        var order = Sales.Order(date, Number("Adults"), Number("Children"), Number("Seniors"));
        Screen.Order("Order", PriceCalculator.Price(order, kiosk.Features.GetAll<ITicketPricingRule>(user)));
    }

    private static async Task WishAsync(KioskHost kiosk, string user, CancellationToken cancellationToken)
    {
        var wish = Ask("What do you need? (for example: 20% off for groups of more than ten on weekdays)");
        if (string.IsNullOrWhiteSpace(wish))
        {
            return;
        }

        var change = Ask("Change one of your features? Its plugin id, or empty for a new one");
        var request = new PersonalizationRequest(user, wish) { PluginId = string.IsNullOrWhiteSpace(change) ? null : change.Trim() };
        var result = await kiosk.Personalizer.RequestAsync(request, Screen.Progress(), cancellationToken);
        if (result.Kind == PersonalizationResultKind.ExistingPluginOffered && Ask("Have a new one written anyway? (y/n)") == "y")
        {
            result = await kiosk.Personalizer.RequestAsync(request with { ReuseExisting = false }, Screen.Progress(), cancellationToken);
        }

        if (result.IsPendingApproval)
        {
            Console.WriteLine($"   {result.Plugin} is waiting for the manager's approval.");
        }
        else if (result.Kind == PersonalizationResultKind.ExistingPluginOffered)
        {
            Console.WriteLine($"   {result.ReusedPlugin} already does this ({result.TokensSaved:N0} tokens saved).");
        }
        else
        {
            Screen.Failure(result);
        }
    }

    private static void Mine(KioskHost kiosk, string user)
    {
        foreach (var rule in kiosk.Features.GetAll<ITicketPricingRule>(user))
        {
            Console.WriteLine($"   rule   {rule.Key}: {rule.Instance.Name}  (\"{rule.Wish}\")");
        }

        foreach (var report in kiosk.Features.GetAll<ISalesReport>(user))
        {
            Console.WriteLine($"   report {report.Key}: {report.Instance.Title}  (\"{report.Wish}\")");
        }
    }

    private static async Task ApproveAsync(KioskHost kiosk, CancellationToken cancellationToken)
    {
        var pending = await kiosk.Approvals.ListAsync(PluginStatus.PendingApproval, cancellationToken);
        if (pending.Count == 0)
        {
            Console.WriteLine("   Nothing waits for approval.");
            return;
        }

        foreach (var version in pending)
        {
            var packet = await kiosk.Approvals.GetPacketAsync(version.Key, cancellationToken);
            if (packet is null)
            {
                continue;
            }

            Screen.Packet(packet);
            var answer = Ask("Approve (a), reject (r) or skip (enter)?");
            try
            {
                if (answer == "a")
                {
                    var grants = packet.Version.RequestedCapabilities.Where(c => Ask($"Grant '{c}'? (y/n)") == "y").ToHashSet(StringComparer.Ordinal);
                    await kiosk.Approvals.ApproveAsync(version.Key, new ApprovalDecision("manager", Ask("Why?")) { GrantedCapabilities = grants }, cancellationToken);
                    Console.WriteLine("   Approved: live now.");
                }
                else if (answer == "r")
                {
                    await kiosk.Approvals.RejectAsync(version.Key, "manager", Ask("Why?") is { Length: > 0 } why ? why : "no reason given", cancellationToken);
                    Console.WriteLine("   Rejected.");
                }
            }
            catch (PersonalizationException ex)
            {
                Console.WriteLine("   " + ex.Message);
            }
        }
    }

    private static async Task RevokeAsync(KioskHost kiosk, CancellationToken cancellationToken)
    {
        var id = Ask("Plugin id to revoke");
        if (string.IsNullOrWhiteSpace(id))
        {
            return;
        }

        try
        {
            var revoked = await kiosk.Approvals.RevokeAsync(id.Trim(), "manager", Ask("Why?") is { Length: > 0 } why ? why : "no reason given", cancellationToken);
            Console.WriteLine($"   Revoked {revoked.Key}.");
        }
        catch (PersonalizationException ex)
        {
            Console.WriteLine("   " + ex.Message);
        }
    }

    private static void Report(KioskHost kiosk, string user)
    {
        var reports = kiosk.Features.GetAll<ISalesReport>(user);
        if (reports.Count == 0)
        {
            Console.WriteLine("   You have no reports yet: ask for one (2), for example \"a daily revenue report\".");
        }

        var sales = Sales.Sample(DateOnly.FromDateTime(DateTime.Today).AddDays(-2));
        foreach (var report in reports)
        {
            Console.WriteLine($"   {report.Instance.Title}");
            Console.WriteLine("   " + report.Instance.Render(sales).Replace("\n", "\n   ", StringComparison.Ordinal));
        }
    }

    private static int Number(string what) => int.TryParse(Ask(what), out var n) && n >= 0 ? n : 0;

    private static string? Ask(string prompt)
    {
        Console.Write(prompt + " ");
        return Console.ReadLine()?.Trim();
    }
}
