using System.Text.Json.Nodes;
using Finance.Tests.Infrastructure;
using Finance.Tests.Workflows.Embedded;
using Finance.Workflows.Builder;
using Finance.Workflows.Engines;

namespace Finance.Tests.Workflows.Activities;

/// <summary><c>http.request</c> run by the embedded engine against a local Kestrel server (issue 11, item 9).</summary>
public sealed class HttpRequestActivityTests(DatabaseFixture db) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string Secret = "s3cret-token-value-7f2a";
    private LocalHttpServer _server = null!;
    private FlowHarness _h = null!;

    public async Task InitializeAsync()
    {
        _server = await LocalHttpServer.StartAsync();
        _h = FlowHarness.Create(db.DataSource, settings: new Dictionary<string, string?>
        {
            ["Flows:Http:AllowedUrls:HYPERVISUAL:0"] = new Uri(_server.BaseAddress, "orders").ToString(),
            ["Flows:Http:AllowedUrls:HYPERVISUAL:1"] = new Uri(_server.BaseAddress, "slow").ToString(),
            ["Flows:Http:AllowedUrls:HYPERVISUAL:2"] = new Uri(_server.BaseAddress, "big").ToString(),
            ["Flows:Http:MaxResponseBytes"] = "65536",
            ["Flows:Secrets:crm-token"] = Secret,
        });
    }

    public async Task DisposeAsync()
    {
        _h.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Request_AllowListedUrl_SendsResolvedSecretAndReturnsResponseWithoutStoringSecret()
    {
        var url = new Uri(_server.BaseAddress, "orders");
        var started = await RunAsync(a => a.Input("method", "'POST'").Input("url", $"'{url}'")
            .Input("headers", "({ Authorization: { secret: 'crm-token', prefix: 'Bearer ' } })").Input("body", "({ order: input.order })"),
            new JsonObject { ["order"] = "A-17" });

        var details = await _h.InstanceAsync(started.InstanceId);
        Assert.Equal("completed", details.Instance.Status);
        var output = JsonNode.Parse(details.StateJson)!["output"]!;
        Assert.Equal(201, (int)output["status"]!);
        Assert.Equal(42, (int)output["body"]!["id"]!);
        Assert.StartsWith("application/json", (string)output["headers"]!["content-type"]!, StringComparison.Ordinal);
        var request = Assert.Single(_server.Requests, r => r.Path == "/orders" && r.Body.Contains("A-17", StringComparison.Ordinal));
        Assert.Equal($"Bearer {Secret}", request.Authorization);
        Assert.Equal(0, await _h.DataSource.CountAsync("""
            SELECT (SELECT count(*) FROM flow_instances WHERE state::text LIKE @s) + (SELECT count(*) FROM flow_journal WHERE event::text LIKE @s)
                 + (SELECT count(*) FROM flow_work_items WHERE coalesce(input::text, '') || coalesce(last_error, '') LIKE @s)
            """, new { s = $"%{Secret}%" }));
    }

    [Fact]
    public async Task Request_UrlNotOnCompanyAllowList_FailsClearlyWithoutCalling()
    {
        var before = _server.Requests.Count;
        var other = new Uri(_server.BaseAddress, "fail");
        var started = await RunAsync(a => a.Input("url", $"'{other}'"));

        var details = await _h.InstanceAsync(started.InstanceId);
        Assert.Equal("failed", details.Instance.Status);
        Assert.Contains($"{other} is not on the allow-list of company HYPERVISUAL (configuration Flows:Http:AllowedUrls:HYPERVISUAL)",
            details.StateJson, StringComparison.Ordinal);
        Assert.Equal(before, _server.Requests.Count);
    }

    [Fact]
    public async Task Request_AllowListedForOtherCompanyOnly_Refused()
    {
        var started = await RunAsync(a => a.Input("url", $"'{new Uri(_server.BaseAddress, "orders")}'"), company: "ACME");

        Assert.Equal("failed", (await _h.InstanceAsync(started.InstanceId)).Instance.Status);
    }

    [Fact]
    public async Task Request_TimesOut_EngineRetriesAndSecondAttemptSucceeds()
    {
        var key = Guid.NewGuid().ToString("N");
        var started = await RunAsync(a => a.Input("url", $"'{new Uri(_server.BaseAddress, $"slow?key={key}")}'").Input("timeout", "'PT0.5S'")
            .Retry(3, TimeSpan.FromSeconds(1)));

        var first = await _h.InstanceAsync(started.InstanceId);
        Assert.Equal("running", first.Instance.Status);
        Assert.Contains(first.WorkItems, w => w.LastError?.Contains("did not answer within PT0.5S", StringComparison.Ordinal) == true);
        _h.FakeTime.Advance(TimeSpan.FromSeconds(1));
        await _h.DrainAsync();

        var details = await _h.InstanceAsync(started.InstanceId);
        Assert.Equal("completed", details.Instance.Status);
        Assert.Equal("finally", (string)JsonNode.Parse(details.StateJson)!["output"]!["body"]!);
        Assert.Equal(2, _server.Requests.Count(r => r.Path == "/slow"));
    }

    [Fact]
    public async Task Request_ResponseOverLimit_FailsWithoutRetry()
    {
        var started = await RunAsync(a => a.Input("url", $"'{new Uri(_server.BaseAddress, "big")}'"));

        var details = await _h.InstanceAsync(started.InstanceId);
        Assert.Equal("failed", details.Instance.Status);
        Assert.Contains("larger than 65536 bytes", details.StateJson, StringComparison.Ordinal);
    }

    private async Task<FlowInstanceRef> RunAsync(Action<ActivityStepBuilder> request, JsonObject? input = null, string company = "HYPERVISUAL")
    {
        var flow = await _h.PublishAsync(Flow.Define(FlowHarness.NewFlowId("http"), "HTTP")
            .Activity("call", "http.request", a => request(a.Output("response")))
            .Complete("done", "vars.response").Build());
        var started = await _h.Engine.StartAsync(new StartFlowRequest(flow.Id, input, company), CancellationToken.None);
        await _h.DrainAsync();
        return started;
    }
}
