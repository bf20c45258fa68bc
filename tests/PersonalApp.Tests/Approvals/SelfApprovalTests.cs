using PersonalApp.Catalog;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Approvals;

/// <summary>Four eyes: a host can have the engine refuse an approval by the user who asked.</summary>
public sealed class SelfApprovalTests : IDisposable
{
    private const string Wish = "20% off for groups of more than ten on weekdays";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ApproveAsync_ByTheUserWhoAskedWhenSelfApprovalIsOff_ThrowsPA0505AndChangesNothing()
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model, configure: o => o.AllowSelfApproval = false);
        var key = (await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish))).Plugin!.Value;

        var ex = await Assert.ThrowsAsync<PersonalizationException>(() => host.Approvals.ApproveAsync(key, "anna", "looks right to me"));

        Assert.Equal("PA0505", ex.DiagnosticId);
        Assert.Equal(PluginStatus.PendingApproval, (await host.Approvals.GetAsync(key))!.Status);
        Assert.Equal(PluginStatus.Active, (await host.Approvals.ApproveAsync(key, "manager", "fine")).Status);
    }

    [Fact]
    public async Task ApproveAsync_ByTheUserWhoAskedByDefault_IsTheHostsToAuthorize()
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Fenced(PluginSources.WeekdayGroupDiscount));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);
        var key = (await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish))).Plugin!.Value;

        Assert.Equal(PluginStatus.Active, (await host.Approvals.ApproveAsync(key, "anna", "my own rule")).Status);
    }
}
