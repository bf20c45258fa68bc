using PersonalApp.AspNetCore.Tests.TestUtilities;

namespace PersonalApp.AspNetCore.Tests;

public sealed class PersonalizationOpenApiServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddPersonalizationOpenApi_Mapped_DescribesTheApi()
    {
        await using var host = await WebHostFixture.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = host.Address };

        var document = await (await anonymous.GetAsync("openapi/personalization.json")).JsonAsync();

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/personalize/api/requests", out var requests));
        Assert.True(requests.GetProperty("post").GetProperty("responses").TryGetProperty("429", out _));
        Assert.True(paths.TryGetProperty("/personalize/api/admin/plugins/{pluginId}/versions/{version}/approve", out _));
        Assert.True(paths.TryGetProperty("/personalize/api/admin/audit", out _));
        Assert.False(paths.TryGetProperty("/personalize/ui/user", out _));
    }
}
