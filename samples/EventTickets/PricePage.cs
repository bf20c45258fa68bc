using System.Globalization;
using System.Net;
using System.Text;
using EventTickets.Contracts;
using PersonalApp.AspNetCore;
using PersonalApp.Views;

namespace EventTickets;

/// <summary>
/// The platform's own pages, rendered on the server with every value HTML-encoded: the price page (a quote priced
/// with the signed-in user's active rules) and the demo's sign-in page. No script at all.
/// </summary>
internal static class PricePage
{
    private static readonly CultureInfo Euro = CultureInfo.GetCultureInfo("en-IE");

    public static string Render(DemoUser user, IReadOnlyList<EventListing> events, EventListing chosen, string category, int quantity, PriceBreakdown price, IReadOnlyList<PluginView> reports, string model)
    {
        var html = new StringBuilder();
        Head(html, "EventTickets: ticket prices");
        html.Append("<header class=\"bar\"><h1>EventTickets</h1><span class=\"who\">Signed in as <strong id=\"who\">")
            .Append(E(user.DisplayName)).Append("</strong> (").Append(E(user.Role)).Append(")</span>")
            .Append("<a href=\"/personalize/ui/user\">Ask for a pricing rule</a>");
        if (user.Role == "manager")
        {
            html.Append("<a href=\"/personalize/ui/admin\">Approvals</a>");
        }

        html.Append("<a href=\"/demo/sign-in\">Switch user (demo)</a></header><main>");
        html.Append("<section><h2>Price a ticket order</h2><form method=\"get\" action=\"/\" class=\"inline\">")
            .Append("<label>Event <select name=\"event\" id=\"event\">");
        foreach (var listing in events)
        {
            html.Append("<option value=\"").Append(E(listing.Id)).Append('"').Append(listing == chosen ? " selected" : string.Empty).Append('>')
                .Append(E($"{listing.Name}, {listing.Date:d MMM yyyy} ({listing.UnitPrice.ToString("C", Euro)})")).Append("</option>");
        }

        html.Append("</select></label><label>Category <select name=\"category\" id=\"category\">");
        foreach (var c in new[] { "standard", "student", "vip" })
        {
            html.Append("<option").Append(c == category ? " selected" : string.Empty).Append('>').Append(c).Append("</option>");
        }

        html.Append("</select></label><label>Tickets <input type=\"number\" name=\"quantity\" id=\"quantity\" min=\"1\" max=\"50\" value=\"")
            .Append(quantity.ToString(CultureInfo.InvariantCulture)).Append("\"></label><button type=\"submit\">Price it</button></form>");

        html.Append("<table id=\"breakdown\"><thead><tr><th scope=\"col\">Line</th><th scope=\"col\">Rule</th><th scope=\"col\">Amount</th></tr></thead><tbody>")
            .Append("<tr><td>List price</td><td>").Append(E($"{quantity} × {price.Quote.UnitPrice.ToString("C", Euro)}")).Append("</td><td>")
            .Append(E(price.Quote.ListTotal.ToString("C", Euro))).Append("</td></tr>");
        foreach (var line in price.Lines)
        {
            html.Append("<tr class=\"").Append(line.Failed ? "error" : "rule").Append("\"><td>").Append(E(line.Text)).Append("</td><td>")
                .Append(E($"{line.Rule} ({line.Plugin})")).Append("</td><td>")
                .Append(line.Amount == 0 ? string.Empty : E((-line.Amount).ToString("C", Euro))).Append("</td></tr>");
        }

        html.Append("</tbody><tfoot><tr><th scope=\"row\" colspan=\"2\">To pay</th><td><strong id=\"total\">")
            .Append(E(price.Total.ToString("C", Euro))).Append("</strong></td></tr></tfoot></table>");
        if (price.Lines.Count == 0)
        {
            html.Append("<p class=\"muted\">No pricing rules of yours are live. <a href=\"/personalize/ui/user\">Ask for one</a>, for example \"15% off when the event is more than 30 days away\"; the manager approves it, and this price changes.</p>");
        }

        html.Append("</section>");
        if (reports.Count > 0)
        {
            html.Append("<section><h2>Your reports</h2>");
            foreach (var report in reports)
            {
                // The library's renderer: every text the plugin wrote is encoded, the chart is SVG, no script needed.
                html.Append(PluginViewHtml.Render(report, titleLevel: 3).Value);
            }

            html.Append("</section>");
        }

        html.Append("<p class=\"muted\">Model: ").Append(E(model)).Append(". Demo sign-in: not for real use.</p></main></body></html>");
        return html.ToString();
    }

    public static string SignIn(string returnUrl, DemoUser? current)
    {
        var html = new StringBuilder();
        Head(html, "EventTickets: demo sign-in");
        html.Append("<header class=\"bar\"><h1>EventTickets</h1><span class=\"who\">Demo sign-in</span></header><main><section>")
            .Append("<h2>Who are you? (demo only)</h2>")
            .Append("<p class=\"note\">DEMO ONLY: this picks a user with one click and remembers it in a plain cookie. A real app signs users in with its identity provider.</p>");
        if (current is not null)
        {
            html.Append("<p>Now signed in as <strong>").Append(E(current.DisplayName)).Append("</strong>.</p>");
        }

        html.Append("<ul class=\"plain\">");
        foreach (var user in DemoUser.All)
        {
            html.Append("<li><form method=\"post\" action=\"/demo/sign-in/").Append(E(user.Id)).Append("?returnUrl=").Append(E(Uri.EscapeDataString(returnUrl)))
                .Append("\"><button type=\"submit\" id=\"sign-in-").Append(E(user.Id)).Append("\">Sign in as ").Append(E(user.DisplayName)).Append("</button> ")
                .Append(E(user.Description)).Append("</form></li>");
        }

        html.Append("</ul></section></main></body></html>");
        return html.ToString();
    }

    public static IReadOnlyList<TicketSale> DemoSales(IReadOnlyList<EventListing> events)
        => [.. events.Select((e, i) => new TicketSale(e.Name, "standard", 10 * (i + 1), 10 * (i + 1) * e.UnitPrice))];

    private static void Head(StringBuilder html, string title)
        => html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
            .Append(E(title)).Append("</title><link rel=\"stylesheet\" href=\"/personalize/ui/assets/app.css\"></head><body>");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
