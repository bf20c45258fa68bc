using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using PersonalApp.Generation;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Generation;

/// <summary>Before a wish costs tokens, an approved plugin that already answers it is offered instead.</summary>
public sealed class ReuseFinderTests : IDisposable
{
    private const string Wish = "20% off for groups of more than ten on weekdays";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task RequestAsync_SameWishOnceNormalized_OffersTheApprovedPluginWithoutAModelCall()
    {
        var model = Answers(PluginSources.WeekdayGroupDiscount);
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);
        var annas = await host.RequestAndApproveAsync("anna", Wish);
        var calls = model.CallCount;

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("ben", "  20 % OFF for Groups of more than ten, on weekdays!  "));

        Assert.Equal(calls, model.CallCount);
        Assert.Equal(PersonalizationResultKind.ExistingPluginOffered, result.Kind);
        Assert.False(result.IsPendingApproval);
        Assert.Equal(annas, result.ReusedPlugin);
        Assert.Equal(150, result.TokensSaved);
        Assert.Equal((0L, 0L), (result.InputTokens, result.OutputTokens));
        var offer = Assert.Single(result.Diagnostics);
        Assert.Equal(("PA0907", PersonalizationSeverity.Info), (offer.Id, offer.Severity));
        Assert.Contains("the same wish", offer.Message, StringComparison.Ordinal);
        Assert.Contains("not shared with you: an admin can share it", offer.Message, StringComparison.Ordinal);
        Assert.Contains(await host.Approvals.GetAuditLogAsync(annas.PluginId), e => e.Action == "reused" && e.Actor == "ben" && e.Reason!.Contains("150 tokens saved", StringComparison.Ordinal));
        Assert.Equal(150L, RawSql.Scalar(host.StorePath, "SELECT tokens_saved FROM requests WHERE id = $id", ("$id", result.RequestId)));
        Assert.Empty(await host.Approvals.ListAsync());
    }

    [Fact]
    public async Task RequestAsync_SameWishAsTheUsersOwnPlugin_SaysItIsAlreadyTheirs()
    {
        var model = Answers(PluginSources.WeekdayGroupDiscount);
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);
        await host.RequestAndApproveAsync("anna", Wish);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        Assert.Contains("already one of your features", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
        Assert.Equal(1, model.CallCount);
    }

    [Fact]
    public async Task RequestAsync_UserDeclinesTheOffer_WritesANewPlugin()
    {
        var model = Answers(PluginSources.WeekdayGroupDiscount, PluginSources.WeekdayGroupDiscount);
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);
        await host.RequestAndApproveAsync("anna", Wish);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("ben", Wish) { ReuseExisting = false });

        Assert.True(result.IsPendingApproval, result.ToString());
        Assert.Equal(2, model.CallCount);
    }

    [Fact]
    public async Task RequestAsync_ReuseTurnedOffInOptions_WritesANewPlugin()
    {
        var model = Answers(PluginSources.WeekdayGroupDiscount, PluginSources.WeekdayGroupDiscount);
        await using var host = await TestHost.StartAsync(_directory.StorePath, model, o => o.ReuseApprovedPlugins = false);
        await host.RequestAndApproveAsync("anna", Wish);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("ben", Wish));

        Assert.True(result.IsPendingApproval, result.ToString());
    }

    [Fact]
    public async Task RequestAsync_SameWishAsAPendingVersion_IsNotOffered()
    {
        var model = Answers(PluginSources.WeekdayGroupDiscount, PluginSources.WeekdayGroupDiscount);
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);
        await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish));

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("ben", Wish));

        Assert.True(result.IsPendingApproval, result.ToString());
    }

    [Fact]
    public async Task RequestAsync_ChangeOfAnExistingPlugin_IsNeverAnsweredByReuse()
    {
        var model = Answers(PluginSources.WeekdayGroupDiscount, PluginSources.WeekdayGroupDiscount);
        await using var host = await TestHost.StartAsync(_directory.StorePath, model);
        var key = await host.RequestAndApproveAsync("anna", Wish);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", Wish) { PluginId = key.PluginId });

        Assert.Equal(key with { Version = 2 }, result.Plugin);
    }

    [Fact]
    public async Task RequestAsync_SimilarWishWithAnEmbeddingGenerator_OffersTheApprovedPlugin()
    {
        var embeddings = new FakeEmbeddingGenerator();
        var model = Answers(PluginSources.WeekdayGroupDiscount);
        await using var host = await TestHost.StartAsync(_directory.StorePath, model, services: s => s.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(embeddings));
        var annas = await host.RequestAndApproveAsync("anna", Wish);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("ben", "parties bigger than 10 get a twenty percent discount on working days"));

        Assert.Equal(annas, result.ReusedPlugin);
        Assert.Contains("a similar wish", Assert.Single(result.Diagnostics).Message, StringComparison.Ordinal);
        Assert.Equal(1, model.CallCount);
        Assert.True(embeddings.Calls > 0);
    }

    [Fact]
    public async Task RequestAsync_DissimilarWishWithAnEmbeddingGenerator_WritesANewPlugin()
    {
        var embeddings = new FakeEmbeddingGenerator();
        var model = Answers(PluginSources.WeekdayGroupDiscount, PluginSources.MondaySeniorDiscount);
        await using var host = await TestHost.StartAsync(_directory.StorePath, model, services: s => s.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(embeddings));
        await host.RequestAndApproveAsync("anna", Wish);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("ben", "seniors get 10% off on Mondays"));

        Assert.True(result.IsPendingApproval, result.ToString());
        Assert.Equal(2, model.CallCount);
    }

    [Fact]
    public async Task RequestAsync_EmbeddingGeneratorFails_WritesANewPluginInstead()
    {
        var embeddings = new FakeEmbeddingGenerator { Fail = true };
        var model = Answers(PluginSources.WeekdayGroupDiscount, PluginSources.WeekdayGroupDiscount);
        await using var host = await TestHost.StartAsync(_directory.StorePath, model, services: s => s.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(embeddings));
        await host.RequestAndApproveAsync("anna", Wish);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("ben", "parties bigger than 10 get a twenty percent discount on working days"));

        Assert.True(result.IsPendingApproval, result.ToString());
    }

    [Theory]
    [InlineData("20% off, for GROUPS!", "20 percent off for groups")]
    [InlineData("  a  b\tc ", "a b c")]
    [InlineData("Seniors: 10 %", "seniors 10 percent")]
    public void Normalize_Wish_IgnoresCasePunctuationAndSpacing(string wish, string expected)
    {
        Assert.Equal(expected, ReuseFinder.Normalize(wish));
    }

    private static ScriptedChatClient Answers(params string[] fixtures)
    {
        var model = new ScriptedChatClient();
        foreach (var fixture in fixtures)
        {
            model.Reply(PluginSources.Fenced(fixture));
        }

        return model;
    }
}
