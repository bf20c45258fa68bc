using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests;

public sealed class PersonalizationOptionsValidatorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Validate_DefaultsWithAStorePath_AreValid()
    {
        var result = new PersonalizationOptionsValidator().Validate(null, new PersonalizationOptions { StorePath = _directory.StorePath });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("StorePath=", "PersonalizationOptions.StorePath is empty")]
    [InlineData("StorePath=<folder>", "PersonalizationOptions.StorePath")]
    [InlineData("MaxRepairRounds=11", "PersonalizationOptions.MaxRepairRounds is 11")]
    [InlineData("MaxRepairRounds=-1", "PersonalizationOptions.MaxRepairRounds is -1")]
    [InlineData("MaxAnswerBytes=10", "PersonalizationOptions.MaxAnswerBytes is 10")]
    [InlineData("MaxAnswerBytes=2000000", "PersonalizationOptions.MaxAnswerBytes")]
    [InlineData("MaxWishLength=0", "PersonalizationOptions.MaxWishLength is 0")]
    [InlineData("MaxWishLength=4001", "PersonalizationOptions.MaxWishLength is 4001")]
    [InlineData("MaxOutputTokens=100", "PersonalizationOptions.MaxOutputTokens is 100")]
    [InlineData("RequestTimeout=0", "PersonalizationOptions.RequestTimeout")]
    [InlineData("PluginDirectory=", "PersonalizationOptions.PluginDirectory")]
    [InlineData("MaxTokensPerUserPerDay=10", "PersonalizationOptions.MaxTokensPerUserPerDay is 10")]
    [InlineData("MaxTokensPerDay=-5", "PersonalizationOptions.MaxTokensPerDay is -5")]
    [InlineData("MaxLoadedInProcess=0", "PersonalizationOptions.MaxLoadedInProcess is 0: use 1 to 1,000,000")]
    [InlineData("ReuseSimilarityThreshold=0", "PersonalizationOptions.ReuseSimilarityThreshold is 0")]
    [InlineData("Capabilities.StorageMaxValueBytes=10", "PersonalizationOptions.Capabilities.StorageMaxValueBytes is 10")]
    [InlineData("Capabilities.StorageMaxBytesPerUser=100", "PersonalizationOptions.Capabilities.StorageMaxBytesPerUser is 100")]
    [InlineData("Capabilities.StorageMaxKeysPerUser=0", "PersonalizationOptions.Capabilities.StorageMaxKeysPerUser is 0")]
    [InlineData("Capabilities.LogMaxMessagesPerMinute=0", "PersonalizationOptions.Capabilities.LogMaxMessagesPerMinute is 0")]
    [InlineData("Capabilities.HttpTimeout=60", "PersonalizationOptions.Capabilities.HttpTimeout")]
    [InlineData("Capabilities.HttpMaxResponseBytes=10", "PersonalizationOptions.Capabilities.HttpMaxResponseBytes is 10")]
    [InlineData("Capabilities.HttpAllowedHosts=https://api.example.com/v1", "PersonalizationOptions.Capabilities.HttpAllowedHosts has 'https://api.example.com/v1'")]
    [InlineData("Capabilities.HttpAllowedHosts=*.example.com", "PersonalizationOptions.Capabilities.HttpAllowedHosts has '*.example.com'")]
    [InlineData("Capabilities.UsageFlushInterval=0", "PersonalizationOptions.Capabilities.UsageFlushInterval")]
    public void Validate_BadValue_FailsWithAMessageNamingTheOption(string setting, string expected)
    {
        var options = new PersonalizationOptions { StorePath = _directory.StorePath };
        Apply(options, setting);

        var result = new PersonalizationOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.Contains(expected, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api.example.com")]
    [InlineData("127.0.0.1:8080")]
    [InlineData("[::1]:5000")]
    public void Validate_HttpAllowedHostThatIsAHostOrHostAndPort_IsValid(string host)
    {
        var options = new PersonalizationOptions { StorePath = _directory.StorePath };
        options.Capabilities.HttpAllowedHosts.Add(host);

        Assert.True(new PersonalizationOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_NullStorePath_FailsWithAMessageNamingTheOption()
    {
        // A null path is what o.StorePath = configuration["PersonalApp:StorePath"]! gives when the key is missing.
        var result = new PersonalizationOptionsValidator().Validate(null, new PersonalizationOptions { StorePath = null! });

        Assert.True(result.Failed);
        Assert.Contains("PersonalizationOptions.StorePath", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("StorePath=", "PersonalizationOptions.StorePath")]
    [InlineData("MaxRepairRounds=11", "PersonalizationOptions.MaxRepairRounds")]
    [InlineData("MaxAnswerBytes=10", "PersonalizationOptions.MaxAnswerBytes")]
    public async Task StartAsync_BadOption_ThrowsOptionsValidationExceptionNamingItBeforeTouchingTheStore(string setting, string expected)
    {
        using var host = TestHost.Build(_directory.StorePath, new ScriptedChatClient(), o => Apply(o, setting));

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.StorePath));
    }

    private void Apply(PersonalizationOptions options, string setting)
    {
        var (name, value) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        var number = int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
        switch (name)
        {
            case nameof(PersonalizationOptions.StorePath):
                options.StorePath = value == "<folder>" ? _directory.Path : value;
                break;
            case nameof(PersonalizationOptions.MaxRepairRounds):
                options.MaxRepairRounds = number;
                break;
            case nameof(PersonalizationOptions.MaxAnswerBytes):
                options.MaxAnswerBytes = number;
                break;
            case nameof(PersonalizationOptions.MaxWishLength):
                options.MaxWishLength = number;
                break;
            case nameof(PersonalizationOptions.MaxOutputTokens):
                options.MaxOutputTokens = number;
                break;
            case nameof(PersonalizationOptions.RequestTimeout):
                options.RequestTimeout = TimeSpan.FromSeconds(number);
                break;
            case nameof(PersonalizationOptions.PluginDirectory):
                options.PluginDirectory = value;
                break;
            case nameof(PersonalizationOptions.MaxTokensPerUserPerDay):
                options.MaxTokensPerUserPerDay = number;
                break;
            case nameof(PersonalizationOptions.MaxTokensPerDay):
                options.MaxTokensPerDay = number;
                break;
            case nameof(PersonalizationOptions.MaxLoadedInProcess):
                options.MaxLoadedInProcess = number;
                break;
            case nameof(PersonalizationOptions.ReuseSimilarityThreshold):
                options.ReuseSimilarityThreshold = number;
                break;
            case "Capabilities.StorageMaxValueBytes":
                options.Capabilities.StorageMaxValueBytes = number;
                break;
            case "Capabilities.StorageMaxBytesPerUser":
                options.Capabilities.StorageMaxBytesPerUser = number;
                break;
            case "Capabilities.StorageMaxKeysPerUser":
                options.Capabilities.StorageMaxKeysPerUser = number;
                break;
            case "Capabilities.LogMaxMessagesPerMinute":
                options.Capabilities.LogMaxMessagesPerMinute = number;
                break;
            case "Capabilities.HttpTimeout":
                options.Capabilities.HttpTimeout = TimeSpan.FromSeconds(number);
                break;
            case "Capabilities.HttpMaxResponseBytes":
                options.Capabilities.HttpMaxResponseBytes = number;
                break;
            case "Capabilities.HttpAllowedHosts":
                options.Capabilities.HttpAllowedHosts.Add(value);
                break;
            case "Capabilities.UsageFlushInterval":
                options.Capabilities.UsageFlushInterval = TimeSpan.FromSeconds(number);
                break;
            default:
                throw new ArgumentException($"Unknown option {name}.", nameof(setting));
        }
    }
}
