using System.Globalization;
using Microsoft.Extensions.Options;
using PersonalApp.Generation;
using PersonalApp.Sqlite;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Generation;

public sealed class PersonalizationRequestValidatorTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly PersonalizationRequestValidator _validator;

    public PersonalizationRequestValidatorTests()
    {
        var options = Options.Create(new PersonalizationOptions { StorePath = _directory.StorePath });
        _validator = new PersonalizationRequestValidator(options, TestExtensionPoints.Both().Registry, new SqlitePluginCatalog(options, TimeProvider.System));
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Validate_GoodRequest_IsValid()
    {
        var result = _validator.Validate(new PersonalizationRequest("anna", "20% off for groups of more than ten on weekdays"));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t")]
    public void Validate_EmptyWish_FailsWithPA0101(string wish)
    {
        var result = _validator.Validate(new PersonalizationRequest("anna", wish));

        Assert.Equal("PA0101", Assert.Single(result.Errors).ErrorCode);
    }

    [Fact]
    public void Validate_WishOf4000Characters_IsValid()
    {
        var result = _validator.Validate(new PersonalizationRequest("anna", new string('a', 4000)));

        Assert.True(result.IsValid);
    }

    [Fact]
    public void Validate_WishOf4001Characters_FailsWithPA0102NamingBothLengths()
    {
        var result = _validator.Validate(new PersonalizationRequest("anna", new string('a', 4001)));

        var error = Assert.Single(result.Errors);
        Assert.Equal("PA0102", error.ErrorCode);
        Assert.Contains(4001.ToString("N0", CultureInfo.CurrentCulture), error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(4000.ToString("N0", CultureInfo.CurrentCulture), error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WishOverALowerConfiguredLimit_FailsWithPA0102()
    {
        var options = Options.Create(new PersonalizationOptions { StorePath = _directory.StorePath, MaxWishLength = 100 });
        var validator = new PersonalizationRequestValidator(options, TestExtensionPoints.Both().Registry, new SqlitePluginCatalog(options, TimeProvider.System));

        Assert.True(validator.Validate(new PersonalizationRequest("anna", new string('a', 100))).IsValid);
        Assert.Equal("PA0102", Assert.Single(validator.Validate(new PersonalizationRequest("anna", new string('a', 101))).Errors).ErrorCode);
    }

    [Fact]
    public void Validate_NullUserAndWish_FailsWithPA0101AndPA0103()
    {
        var result = _validator.Validate(new PersonalizationRequest(null!, null!));

        Assert.Equal(["PA0101", "PA0103"], result.Errors.Select(e => e.ErrorCode).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Validate_MissingUserId_FailsWithPA0103(string userId)
    {
        var result = _validator.Validate(new PersonalizationRequest(userId, "20% off for groups"));

        Assert.Equal("PA0103", Assert.Single(result.Errors).ErrorCode);
    }

    [Fact]
    public void Validate_UserIdOf256Characters_IsValid()
    {
        var result = _validator.Validate(new PersonalizationRequest(new string('u', 256), "20% off for groups"));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Theory]
    [InlineData(257)]
    [InlineData(5_000_000)]
    public void Validate_UserIdOverTheLimit_FailsWithPA0108NamingTheLimit(int length)
    {
        var result = _validator.Validate(new PersonalizationRequest(new string('u', length), "20% off for groups"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("PA0108", error.ErrorCode);
        Assert.Contains("256", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("anna\n")]
    [InlineData("an\u0000na")]
    [InlineData("anna\u001b[2J")]
    public void Validate_UserIdWithControlCharacters_FailsWithPA0108(string userId)
    {
        var result = _validator.Validate(new PersonalizationRequest(userId, "20% off for groups"));

        Assert.Equal("PA0108", Assert.Single(result.Errors).ErrorCode);
    }

    [Fact]
    public void Validate_UnknownExtensionPoint_FailsWithPA0104ListingTheKnownOnes()
    {
        var result = _validator.Validate(new PersonalizationRequest("anna", "a loyalty card") { ExtensionPoint = "LoyaltyCard" });

        var error = Assert.Single(result.Errors);
        Assert.Equal("PA0104", error.ErrorCode);
        Assert.Contains("TicketPricingRule", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("SalesReport", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownPluginId_FailsWithPA0107()
    {
        var result = _validator.Validate(new PersonalizationRequest("anna", "make it 25% off") { PluginId = "ticketpricingrule-0000000000" });

        Assert.Equal("PA0107", Assert.Single(result.Errors).ErrorCode);
    }

    [Fact]
    public void Validate_SeveralProblems_ReportsEach()
    {
        var result = _validator.Validate(new PersonalizationRequest(string.Empty, string.Empty) { ExtensionPoint = "Nope" });

        Assert.Equal(["PA0101", "PA0103", "PA0104"], result.Errors.Select(e => e.ErrorCode).Order(StringComparer.Ordinal));
    }
}
