using PersonalApp.Approvals;
using PersonalApp.Catalog;

namespace PersonalApp.Tests;

public sealed class PersonalizationResultTests
{
    [Fact]
    public void ToString_Failed_ListsEveryDiagnostic()
    {
        var result = new PersonalizationResult
        {
            RequestId = "r1",
            Diagnostics = [new("PA0301", PersonalizationSeverity.Error, "one"), new("PA0303", PersonalizationSeverity.Error, "two")],
        };

        Assert.False(result.IsPendingApproval);
        Assert.Equal("Failed: PA0301: one" + Environment.NewLine + "PA0303: two", result.ToString());
    }

    [Fact]
    public void ToString_Pending_NamesTheVersion()
    {
        var result = new PersonalizationResult { RequestId = "r1", Plugin = new PluginVersionKey("ticketpricingrule-abc", 2) };

        Assert.True(result.IsPendingApproval);
        Assert.Equal("Pending approval: ticketpricingrule-abc v2", result.ToString());
    }

    [Fact]
    public void Kind_ExistingPluginOffered_NamesTheVersionAndTheTokensSaved()
    {
        var result = new PersonalizationResult { RequestId = "r1", ReusedPlugin = new PluginVersionKey("ticketpricingrule-abc", 1), TokensSaved = 1_500 };

        Assert.Equal(PersonalizationResultKind.ExistingPluginOffered, result.Kind);
        Assert.False(result.IsPendingApproval);
        Assert.Equal("Existing plugin offered: ticketpricingrule-abc v1 (1,500 tokens saved)", result.ToString());
    }

    [Fact]
    public void Kind_PendingAndFailed_AreToldApart()
    {
        Assert.Equal(PersonalizationResultKind.PendingApproval, new PersonalizationResult { RequestId = "r", Plugin = new PluginVersionKey("p", 1) }.Kind);
        Assert.Equal(PersonalizationResultKind.Failed, new PersonalizationResult { RequestId = "r" }.Kind);
    }
}
