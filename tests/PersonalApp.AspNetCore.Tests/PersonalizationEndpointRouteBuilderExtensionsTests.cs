using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace PersonalApp.AspNetCore.Tests;

public sealed class PersonalizationEndpointRouteBuilderExtensionsTests
{
    [Fact]
    public async Task MapPersonalization_NoAdminPolicy_ThrowsSayingWhatToSet()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddAuthorization();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapPersonalization("/personalize", o => o.UserPolicy = "users"));

        Assert.Contains("AdminPolicy", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapPersonalization_NoPersonalizationServices_ThrowsSayingWhatToCall()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddAuthorization();
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapPersonalization("/personalize", o => o.AdminPolicy = "admins"));

        Assert.Contains("AddPersonalization", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapPersonalization_Configured_ReturnsTheGroupForConventions()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddAuthorization();
        builder.Services.AddPersonalization(o => o.StorePath = "unused.db").AddExtensionPoint<EventTickets.Contracts.ITicketPriceRule>();
        await using var app = builder.Build();
        var seen = 0;

        var group = app.MapPersonalization("/personalize", o => o.AdminPolicy = "admins");
        ((IEndpointConventionBuilder)group).Add(_ => seen++);
        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).ToList();

        Assert.NotEmpty(endpoints);
        Assert.True(seen > 10);
    }
}
