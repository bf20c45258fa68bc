using PersonalApp.Views;
using TicketKiosk;
using Xunit;

namespace PersonalApp.Tests.Views;

/// <summary>The kiosk's console renderer of views.</summary>
public sealed class ViewTextTests
{
    [Fact]
    public void Render_TableAndChart_AsAlignedText()
    {
        var text = ViewText.Render(ViewCheckerTests.DailyView(rows: 2));

        Assert.Contains("Hour   Tickets", text, StringComparison.Ordinal);
        Assert.Contains("09:00        2", text, StringComparison.Ordinal);
        Assert.Contains("[GOOD] busy day", text, StringComparison.Ordinal);
        Assert.Contains("##", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MarkupAndEscapeSequences_AreShownAsTextNotObeyed()
    {
        var view = new PluginView("<b>Title</b>", [new TextBlock("<script>alert('x')</script> **bold** \u001b[2J\u001b[31mred")]);

        var text = ViewText.Render(view);

        Assert.Contains("<b>Title</b>", text, StringComparison.Ordinal);
        Assert.Contains("<script>alert('x')</script> **bold** ?[2J?[31mred", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text);
    }
}
