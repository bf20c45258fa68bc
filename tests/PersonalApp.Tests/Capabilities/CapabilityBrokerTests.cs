using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PersonalApp.Capabilities;
using PersonalApp.Catalog;
using PersonalApp.Worker.Protocol;
using Xunit;

namespace PersonalApp.Tests.Capabilities;

/// <summary>The host's side of forwarded capability calls: who may call, for how long, how much.</summary>
public sealed class CapabilityBrokerTests
{
    private static readonly PluginVersionKey Plugin = new("counter", 1);
    private readonly FakeTimeProvider _time = new();
    private readonly CountingUsageStore _usageStore = new();
    private readonly CapabilityBroker _broker;
    private readonly object _worker = new();

    public CapabilityBrokerTests()
    {
        var options = Options.Create(new PersonalizationOptions());
        options.Value.Capabilities.ForwardedCallsPerCall = 5;
        options.Value.Capabilities.ForwardedBytesPerCall = 2_000;
        _broker = new CapabilityBroker(new CapabilityUsageRecorder(_usageStore, _time), _time, options, NullLogger<CapabilityBroker>.Instance);
    }

    [Fact]
    public void Handle_TokenOfTheCallInProgress_RunsOnThatUsersStorage()
    {
        var anna = new FakeStorage();
        using var ticket = Open(anna, "anna");

        var answer = _broker.Handle(_worker, new CapabilityRequest(ticket.Token, Plugin.ToString(), CapabilityOperation.StorageIncrement, "groups", Number: 1));

        Assert.Null(answer.Refusal);
        Assert.Equal(1, answer.Number);
        Assert.Equal("1", anna.Values["groups"]);
        Assert.Equal(["storage"], ticket.Grant.Capabilities);
        Assert.Equal("anna", ticket.Grant.UserId);
    }

    [Fact]
    public void Handle_ForgedToken_IsRefusedAndCounted()
    {
        using var ticket = Open(new FakeStorage(), "anna");

        var answer = _broker.Handle(_worker, new CapabilityRequest("0123456789ABCDEF", Plugin.ToString(), CapabilityOperation.StorageGet, "groups"));

        Assert.Contains("no valid token", answer.Refusal, StringComparison.Ordinal);
        Assert.Equal(1, _broker.Refused);
    }

    [Fact]
    public void Handle_TokenOfAnEndedCall_IsRefused()
    {
        var storage = new FakeStorage();
        var ticket = Open(storage, "anna");
        ticket.Dispose();

        var answer = _broker.Handle(_worker, new CapabilityRequest(ticket.Token, Plugin.ToString(), CapabilityOperation.StorageSet, "groups", "99"));

        Assert.NotNull(answer.Refusal);
        Assert.Empty(storage.Values);
        Assert.Equal(0, _broker.LiveTickets);
    }

    [Fact]
    public void Handle_TokenSentByAnotherWorkerOrForAnotherPlugin_IsRefused()
    {
        var anna = new FakeStorage();
        using var ticket = Open(anna, "anna");

        var otherWorker = _broker.Handle(new object(), new CapabilityRequest(ticket.Token, Plugin.ToString(), CapabilityOperation.StorageGet, "groups"));
        var otherPlugin = _broker.Handle(_worker, new CapabilityRequest(ticket.Token, "other v1", CapabilityOperation.StorageGet, "groups"));

        Assert.NotNull(otherWorker.Refusal);
        Assert.NotNull(otherPlugin.Refusal);
        Assert.Equal(2, _broker.Refused);
        Assert.Equal(0, anna.Reads);
    }

    [Fact]
    public void Handle_AnotherUsersCall_ReachesOnlyThatUsersData()
    {
        var anna = new FakeStorage();
        var ben = new FakeStorage();
        using var annas = Open(anna, "anna");
        using var bens = Open(ben, "ben");
        anna.Values["secret"] = "anna's";

        var answer = _broker.Handle(_worker, new CapabilityRequest(bens.Token, Plugin.ToString(), CapabilityOperation.StorageGet, "secret"));

        Assert.Null(answer.Refusal);
        Assert.Null(answer.Text);
    }

    [Fact]
    public void Handle_FloodPastThePerCallCap_IsRefusedAndCountedAndTheNextCallIsServed()
    {
        var storage = new FakeStorage();
        var answers = new List<CapabilityResponse>();
        using (var ticket = Open(storage, "anna"))
        {
            for (var i = 0; i < 50; i++)
            {
                answers.Add(_broker.Handle(_worker, new CapabilityRequest(ticket.Token, Plugin.ToString(), CapabilityOperation.StorageGet, "k")));
            }
        }

        using var next = Open(storage, "anna");
        var after = _broker.Handle(_worker, new CapabilityRequest(next.Token, Plugin.ToString(), CapabilityOperation.StorageGet, "k"));

        Assert.Equal(5, answers.Count(a => a.Refusal is null));
        Assert.Contains("more than 5 capability calls", answers[^1].Refusal, StringComparison.Ordinal);
        Assert.Equal(5, storage.Reads - 1);
        Assert.Null(after.Refusal);
        Assert.Equal(45, _broker.Refused);
    }

    [Fact]
    public void Handle_MoreBytesThanThePerCallCap_IsRefused()
    {
        using var ticket = Open(new FakeStorage(), "anna");

        var big = _broker.Handle(_worker, new CapabilityRequest(ticket.Token, Plugin.ToString(), CapabilityOperation.StorageSet, "k", new string('x', 3_000)));

        Assert.Contains("ForwardedBytesPerCall", big.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Handle_AfterTheCallsDeadline_IsRefused()
    {
        using var ticket = Open(new FakeStorage(), "anna");
        _time.Advance(TimeSpan.FromSeconds(5));

        var late = _broker.Handle(_worker, new CapabilityRequest(ticket.Token, Plugin.ToString(), CapabilityOperation.StorageGet, "k"));

        Assert.Contains("deadline", late.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Handle_CapabilityNotGranted_IsRefused()
    {
        using var ticket = Open(new FakeStorage(), "anna");

        var answer = _broker.Handle(_worker, new CapabilityRequest(ticket.Token, Plugin.ToString(), CapabilityOperation.HttpGet, Text: "http://127.0.0.1/"));

        Assert.Contains("not granted the 'http' capability", answer.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Handle_HostCapabilityRefuses_PassesTheRefusalOn()
    {
        using var ticket = Open(new FakeStorage { Quota = 10 }, "anna");

        var answer = _broker.Handle(_worker, new CapabilityRequest(ticket.Token, Plugin.ToString(), CapabilityOperation.StorageSet, "k", new string('x', 20)));

        Assert.Contains("quota", answer.Refusal, StringComparison.Ordinal);
        Assert.Equal(1, _broker.Refused);
    }

    private CallTicket Open(FakeStorage storage, string user)
        => _broker.Open(_worker, new PluginContext(Plugin.PluginId, Plugin.Version, user, storage, clock: null, log: null, http: null), Plugin, TimeSpan.FromSeconds(1));

    /// <summary>Storage that refuses, like the host's, when it has to; counts reads.</summary>
    private sealed class FakeStorage : IPluginStorage
    {
        public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

        public int Reads { get; private set; }

        public int Quota { get; init; } = int.MaxValue;

        public string? Get(string key)
        {
            Reads++;
            return Values.GetValueOrDefault(key);
        }

        public void Set(string key, string value)
            => Values[key] = value.Length <= Quota ? value : throw new PluginCapabilityException(CapabilityNames.Storage, "Storage refused the write: over the quota.");

        public bool Remove(string key) => Values.Remove(key);

        public long Increment(string key, long delta = 1)
        {
            var value = long.Parse(Values.GetValueOrDefault(key) ?? "0", System.Globalization.CultureInfo.InvariantCulture) + delta;
            Values[key] = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return value;
        }

        public IReadOnlyList<string> Keys(string prefix = "") => [.. Values.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))];
    }

    private sealed class CountingUsageStore : ICapabilityUsageStore
    {
        public void Add(IEnumerable<CapabilityUsage> counts)
        {
        }

        public IReadOnlyList<CapabilityUsage> List(string? pluginId) => [];
    }
}
