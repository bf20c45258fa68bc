using PersonalApp.Approvals;
using PersonalApp.Capabilities;
using PersonalApp.Runtime;
using PersonalApp.Testing;
using PersonalApp.Tests.TestUtilities;

namespace PersonalApp.Tests.Capabilities;

/// <summary>HTTP GET to approved hosts only, against a server on 127.0.0.1 (never a real network).</summary>
public sealed class HttpCapabilityTests : IDisposable
{
    private const string Source = """
        namespace KioskPlugins;

        [UsesCapabilities("http")]
        public sealed class HttpRule : ITicketPricingRule
        {
            public string Name => "http";

            public PriceAdjustment? Apply(TicketOrder order)
            {
                var http = PluginContext.Current.Require<IPluginHttp>();
                return new PriceAdjustment(0m, http.GetString(Url));
            }

            private const string Url = "URL";
        }
        """;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task GetString_ApprovedHost_ReturnsTheBody()
    {
        await using var server = new LoopbackHttpServer(path => (200, "price list: " + path, null));
        await using var host = await StartAsync(server, server.Url("/prices"));

        var outcome = Call(host);

        Assert.True(outcome.IsCompleted, outcome.ToString());
        Assert.Equal("price list: /prices", outcome.Value!.Reason);
        Assert.Equal(["/prices"], server.Paths);
    }

    [Fact]
    public async Task GetString_HostSuppliedClientWhoseHandlerIsAsyncOnly_IsUsed()
    {
        await using var server = new LoopbackHttpServer(path => (200, "via the host's client", null));
        using var handler = new AsyncOnlyHandler();
        await using var host = await StartAsync(server, server.Url("/prices"), o => o.Capabilities.HttpClientFactory = () => new HttpClient(handler, disposeHandler: false));

        var outcome = Call(host);

        Assert.Equal("via the host's client", outcome.Value!.Reason);
        Assert.Equal(1, handler.Sends);
    }

    [Fact]
    public async Task GetString_HostNotOnTheList_RefusesWithoutSendingAnything()
    {
        await using var server = new LoopbackHttpServer(_ => (200, "secret", null));
        await using var other = new LoopbackHttpServer(_ => (200, "should not be reached", null));
        await using var host = await StartAsync(server, other.Url("/steal"));

        var outcome = Call(host);

        Assert.Contains("is not on the admin's approved list", Assert.IsType<PluginCapabilityException>(outcome.Exception).Message, StringComparison.Ordinal);
        Assert.Empty(other.Paths);
    }

    [Fact]
    public async Task GetString_RedirectToAnotherHost_IsNotFollowed()
    {
        await using var other = new LoopbackHttpServer(_ => (200, "should not be reached", null));
        await using var server = new LoopbackHttpServer(_ => (302, string.Empty, other.Url("/elsewhere")));
        await using var host = await StartAsync(server, server.Url("/moved"));

        var outcome = Call(host);

        Assert.Contains("answered 302", Assert.IsType<PluginCapabilityException>(outcome.Exception).Message, StringComparison.Ordinal);
        Assert.Empty(other.Paths);
    }

    [Fact]
    public async Task GetString_BodyLargerThanTheCap_Refuses()
    {
        await using var server = new LoopbackHttpServer(_ => (200, new string('x', 5000), null));
        await using var host = await StartAsync(server, server.Url("/big"), o => o.Capabilities.HttpMaxResponseBytes = 1024);

        var outcome = Call(host);

        Assert.Contains("more than the cap of 1,024", Assert.IsType<PluginCapabilityException>(outcome.Exception).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetString_ServerThatNeverAnswers_RefusesAtTheTimeout()
    {
        await using var server = new LoopbackHttpServer(_ => (200, "late", null)) { Hold = true };
        await using var host = await StartAsync(server, server.Url("/slow"), o => o.Capabilities.HttpTimeout = TimeSpan.FromMilliseconds(200));

        var outcome = Call(host);

        Assert.Contains("took longer than", Assert.IsType<PluginCapabilityException>(outcome.Exception).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetString_ErrorStatus_RefusesWithTheStatus()
    {
        await using var server = new LoopbackHttpServer(_ => (404, "no", null));
        await using var host = await StartAsync(server, server.Url("/missing"));

        var outcome = Call(host);

        Assert.Contains("answered 404", Assert.IsType<PluginCapabilityException>(outcome.Exception).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_HttpUsedButNoHostApproved_IsRefusedAtCompileWithPA0902()
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Answer(Source.Replace("URL", "http://127.0.0.1:9/", StringComparison.Ordinal)));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model, o => o.MaxRepairRounds = 0);

        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "read the price list"));

        Assert.False(result.IsPendingApproval);
        Assert.Contains(result.Diagnostics, d => d.Id == "PA0902" && d.Message.Contains("does not offer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetPacketAsync_HttpRequested_RiskIsHighNamingTheApprovedHosts()
    {
        await using var server = new LoopbackHttpServer(_ => (200, "ok", null));
        var model = new ScriptedChatClient().Reply(PluginSources.Answer(Source.Replace("URL", server.Url("/"), StringComparison.Ordinal)));
        await using var host = await TestHost.StartAsync(_directory.StorePath, model, o => o.Capabilities.HttpAllowedHosts.Add(server.Authority));
        var result = await host.Personalizer.RequestAsync(new PersonalizationRequest("anna", "read the price list"));

        var packet = (await host.Approvals.GetPacketAsync(result.Plugin!.Value))!;

        Assert.Equal(RiskLevel.High, packet.Risk);
        Assert.Contains(packet.RiskReasons, r => r.StartsWith("High: asks for http", StringComparison.Ordinal) && r.Contains(server.Authority, StringComparison.Ordinal));
        Assert.Equal([CapabilityNames.Http], packet.Version.RequestedCapabilities);
    }

    /// <summary>A host's handler that implements only SendAsync (HttpMessageHandler's synchronous Send then throws NotSupportedException).</summary>
    private sealed class AsyncOnlyHandler : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _inner = new(new SocketsHttpHandler { AllowAutoRedirect = false });

        public int Sends { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sends++;
            return _inner.SendAsync(request, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private static PluginOutcome<TicketKiosk.Contracts.PriceAdjustment?> Call(TestHost host)
        => Assert.Single(host.Rules("anna")).Invoke(r => r.Apply(TestOrders.WeekdayGroup()));

    private async Task<TestHost> StartAsync(LoopbackHttpServer approved, string url, Action<PersonalizationOptions>? configure = null)
    {
        var model = new ScriptedChatClient().Reply(PluginSources.Answer(Source.Replace("URL", url, StringComparison.Ordinal)));
        var host = await TestHost.StartAsync(_directory.StorePath, model, o =>
        {
            o.Capabilities.HttpAllowedHosts.Add(approved.Authority);
            o.Sandbox.Limits.Timeout = TimeSpan.FromSeconds(30);

            // The loopback server answers on this busy test process's thread pool: the default 2 s is for the internet.
            o.Capabilities.HttpTimeout = TimeSpan.FromSeconds(20);
            configure?.Invoke(o);
        });
        try
        {
            await host.RequestAndApproveAsync("anna", "read the price list", [CapabilityNames.Http]);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }
}
