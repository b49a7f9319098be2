using System.Net;
using System.Net.Http.Json;
using System.Text;
using Finance.Api.Auth;
using Finance.Api.Flows;
using Finance.Tests.Infrastructure;
using Finance.Workflows.Builder;
using Finance.Workflows.Model;
using static Finance.Tests.Api.CompanyEndpointTests;
using static Finance.Tests.Api.Flows.FlowApiKit;

namespace Finance.Tests.Api.Flows;

/// <summary>The API host with a hook secret configured (and the diagnostic activities) for <see cref="FlowHookEndpointTests"/>.</summary>
public sealed class FlowHookFixture : DatabaseFixture
{
    public const string HookSecret = "whsec-test-5b1c9e";

    public ApiFactory Api { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Api = new ApiFactory(this, settings: new Dictionary<string, string>
        {
            ["Workflows:EnableDiagnosticActivities"] = "true",
            ["Flows:Secrets:crm-hook"] = HookSecret,
            ["Flows:Hooks:MaxBodyBytes"] = "4096",
        });
    }

    public override async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        await base.DisposeAsync();
    }
}

/// <summary><c>POST /api/hooks/{slug}</c>: HTTP triggers with bearer and HMAC-SHA256 (issue 11, item 9).</summary>
public sealed class FlowHookEndpointTests(FlowHookFixture fixture) : IClassFixture<FlowHookFixture>
{
    private readonly ApiFactory _api = fixture.Api;

    [Fact]
    public async Task Bearer_AccountantOfTheCompany_Returns202AndRunsFlowWithBodyAsInput()
    {
        var slug = await PublishHookFlowAsync(FlowTrigger.Bearer);
        var client = _api.ClientWithToken(Roles.Accountant, "HYPERVISUAL");

        var response = await client.PostAsync($"/api/hooks/{slug}", Json("""{ "order": "A-17", "amount": 120 }"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<FlowInstanceRefResponse>())!;
        Assert.Equal($"/api/flows/instances/{started.InstanceId}", response.Headers.Location?.ToString());
        await _api.DrainAsync();
        var details = (await _api.ClientWithToken().GetFromJsonAsync<FlowInstanceDetailsResponse>($"/api/flows/instances/{started.InstanceId}"))!;
        Assert.Equal(("completed", "HYPERVISUAL"), (details.Instance.Status, details.Instance.Company));
        Assert.Equal("A-17", (string)details.State!["output"]!["order"]!);
    }

    [Fact]
    public async Task Bearer_NoTokenWrongRoleOrCompany_401And403Problems()
    {
        var slug = await PublishHookFlowAsync(FlowTrigger.Bearer);

        await AssertProblemAsync(await _api.CreateClient().PostAsync($"/api/hooks/{slug}", Json("{}")), HttpStatusCode.Unauthorized, "bearer token");
        await AssertProblemAsync(await _api.ClientWithToken(Roles.Viewer, "HYPERVISUAL").PostAsync($"/api/hooks/{slug}", Json("{}")), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await _api.ClientWithToken(Roles.Accountant, "LEXAIA").PostAsync($"/api/hooks/{slug}", Json("{}")), HttpStatusCode.Forbidden, "HYPERVISUAL");
    }

    [Fact]
    public async Task Hmac_ValidSignature_Returns202WithoutAnyToken()
    {
        var slug = await PublishHookFlowAsync(FlowTrigger.HmacSha256);

        var response = await _api.CreateClient().SendAsync(Signed(slug, """{ "order": "B-2" }"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<FlowInstanceRefResponse>())!;
        await _api.DrainAsync();
        var details = (await _api.ClientWithToken().GetFromJsonAsync<FlowInstanceDetailsResponse>($"/api/flows/instances/{started.InstanceId}"))!;
        Assert.Equal("B-2", (string)details.State!["output"]!["order"]!);
    }

    [Fact]
    public async Task Hmac_BadSignature_Returns401Problem()
    {
        var slug = await PublishHookFlowAsync(FlowTrigger.HmacSha256);
        var request = Signed(slug, """{ "order": "B-3" }""", secret: "not-the-secret");

        await AssertProblemAsync(await _api.CreateClient().SendAsync(request), HttpStatusCode.Unauthorized, "does not match");
    }

    [Fact]
    public async Task Hmac_BodyChangedAfterSigning_Returns401Problem()
    {
        var slug = await PublishHookFlowAsync(FlowTrigger.HmacSha256);
        var request = Signed(slug, """{ "order": "B-4" }""");
        request.Content = Json("""{ "order": "B-5" }""");

        await AssertProblemAsync(await _api.CreateClient().SendAsync(request), HttpStatusCode.Unauthorized, "does not match");
    }

    [Fact]
    public async Task Hmac_StaleTimestamp_Returns401Problem()
    {
        var slug = await PublishHookFlowAsync(FlowTrigger.HmacSha256);
        var request = Signed(slug, """{ "order": "C-1" }""", at: DateTimeOffset.UtcNow.AddMinutes(-10));

        await AssertProblemAsync(await _api.CreateClient().SendAsync(request), HttpStatusCode.Unauthorized, "from our clock");
    }

    [Fact]
    public async Task Hmac_ReplayedDelivery_Returns409AndStartsNothingMore()
    {
        var slug = await PublishHookFlowAsync(FlowTrigger.HmacSha256);
        var at = DateTimeOffset.UtcNow;
        var client = _api.CreateClient();

        var first = await client.SendAsync(Signed(slug, """{ "order": "D-1" }""", at: at));
        var replay = await client.SendAsync(Signed(slug, """{ "order": "D-1" }""", at: at));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        await AssertProblemAsync(replay, HttpStatusCode.Conflict, "received before");
        var started = (await first.Content.ReadFromJsonAsync<FlowInstanceRefResponse>())!;
        var listed = (await _api.ClientWithToken().GetFromJsonAsync<FlowInstanceResponse[]>($"/api/flows/instances?flow={started.FlowId}"))!;
        Assert.Single(listed);
    }

    [Fact]
    public async Task Hook_OversizeBody_Returns413Problem()
    {
        var slug = await PublishHookFlowAsync(FlowTrigger.HmacSha256);
        var big = $$"""{ "order": "{{new string('x', 5000)}}" }""";

        await AssertProblemAsync(await _api.CreateClient().SendAsync(Signed(slug, big)), HttpStatusCode.RequestEntityTooLarge, "4096 bytes");
    }

    [Fact]
    public async Task Hook_UnknownSlug_Returns404Problem()
    {
        await AssertProblemAsync(await _api.CreateClient().PostAsync("/api/hooks/no-such-hook", Json("{}")), HttpStatusCode.NotFound, "no-such-hook");
    }

    [Fact]
    public async Task Publish_SlugOfAnotherPublishedFlow_RefusedAtPublish()
    {
        var slug = await PublishHookFlowAsync(FlowTrigger.Bearer);
        var admin = _api.ClientWithToken();
        var other = NoopFlow() with { Trigger = new FlowTrigger(FlowTrigger.Http, slug, FlowTrigger.Bearer) };
        var draft = (await (await admin.PostAsync("/api/flows/definitions", Json(other))).Content.ReadFromJsonAsync<FlowDefinitionResponse>())!;

        var published = await admin.PostAsync($"/api/flows/definitions/{draft.Id}/versions/{draft.Version}/publish", null);

        Assert.Equal(HttpStatusCode.BadRequest, published.StatusCode);
        Assert.Contains("trigger.slug", await published.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<string> PublishHookFlowAsync(string auth)
    {
        var slug = $"hook-{Guid.NewGuid():N}"[..20];
        var flow = Flow.Define(NewFlowId("hook"), "Hook").Activity("work", "diag.noop").Complete("done", "({ order: input.order })").Build()
            with { Trigger = new FlowTrigger(FlowTrigger.Http, slug, auth, auth == FlowTrigger.HmacSha256 ? "crm-hook" : null, "HYPERVISUAL") };
        await PublishAsync(_api.ClientWithToken(), flow);
        return slug;
    }

    private static HttpRequestMessage Signed(string slug, string body, string secret = FlowHookFixture.HookSecret, DateTimeOffset? at = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/hooks/{slug}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(FlowHookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(FlowHookSignature.SignatureHeader, FlowHookSignature.Sign(secret, timestamp, Encoding.UTF8.GetBytes(body)));
        return request;
    }
}
