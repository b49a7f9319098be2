using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Api.Flows;
using Finance.Tests.Infrastructure;
using Finance.Workflows.Builder;
using static Finance.Tests.Api.CompanyEndpointTests;
using static Finance.Tests.Api.Flows.FlowApiKit;

namespace Finance.Tests.Api.Flows;

public sealed class FlowInstanceEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly ApiFactory _api = fixture.Api;

    private Task<FlowInstanceDetailsResponse?> GetAsync(string id) =>
        _api.ClientWithToken().GetFromJsonAsync<FlowInstanceDetailsResponse>($"/api/flows/instances/{id}");

    [Fact]
    public async Task Start_WaitFlow_Returns201AndIsListedByCorrelationWithJournal()
    {
        var admin = _api.ClientWithToken();
        var flow = WaitFlow();
        await PublishAsync(admin, flow);
        var invoiceId = Guid.NewGuid().ToString();

        var response = await _api.ClientWithToken(Roles.Accountant, "LEXAIA").PostAsJsonAsync("/api/flows/instances",
            new StartFlowInstanceRequest(flow.Id, new JsonObject { ["x"] = 1 }, "lexaia", invoiceId));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var started = (await response.Content.ReadFromJsonAsync<FlowInstanceRefResponse>())!;
        Assert.Equal($"/api/flows/instances/{started.InstanceId}", response.Headers.Location?.OriginalString);
        var listed = await admin.GetFromJsonAsync<FlowInstanceResponse[]>($"/api/flows/instances?correlation={invoiceId}");
        var instance = Assert.Single(listed!);
        Assert.Equal((started.InstanceId, flow.Id, "waiting", "LEXAIA"), (instance.Id, instance.FlowId, instance.Status, instance.Company));
        var details = (await GetAsync(started.InstanceId))!;
        Assert.Equal("started", (string?)details.Journal[0].Event!["type"]);
        Assert.Equal(1, (int?)details.State!["input"]!["x"]);
        Assert.Equal("embedded", details.Engine);
        Assert.Equal(1, (int?)details.Input!["x"]);
        Assert.Equal(["started", "timerStarted"], details.Timeline.Select(t => t.Kind));
    }

    [Fact]
    public async Task Signal_WaitingInstance_Returns204AndCompletesWithPayload()
    {
        var admin = _api.ClientWithToken();
        var started = await PublishAndStartAsync(admin, WaitFlow());

        var response = await _api.ClientWithToken(Roles.Accountant).PostAsync($"/api/flows/instances/{started.InstanceId}/signals/go", Json("""{"amount":12.5}"""));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var details = (await GetAsync(started.InstanceId))!;
        Assert.Equal("completed", details.Instance.Status);
        Assert.Equal(12.5, (double?)details.State!["output"]!["amount"]);
    }

    [Fact]
    public async Task Signal_UnknownInstance_Returns404Problem()
    {
        var response = await _api.ClientWithToken().PostAsync("/api/flows/instances/nope-123/signals/go", Json("{}"));

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "nope-123");
    }

    [Fact]
    public async Task Signal_FinishedInstance_Returns409Problem()
    {
        var admin = _api.ClientWithToken();
        var started = await PublishAndStartAsync(admin, NoopFlow());
        await _api.DrainAsync();
        Assert.Equal("completed", (await GetAsync(started.InstanceId))!.Instance.Status);

        var response = await admin.PostAsync($"/api/flows/instances/{started.InstanceId}/signals/go", Json("{}"));

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "completed");
    }

    [Fact]
    public async Task Signal_MalformedJson_Returns400ProblemAndInstanceStillWaits()
    {
        var admin = _api.ClientWithToken();
        var started = await PublishAndStartAsync(admin, WaitFlow());

        var response = await admin.PostAsync($"/api/flows/instances/{started.InstanceId}/signals/go", Json("""{"amount": 12.5"""));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "not valid JSON");
        Assert.Equal("waiting", (await GetAsync(started.InstanceId))!.Instance.Status);
    }

    [Fact]
    public async Task Cancel_WaitingInstance_EndsCancelledAndSecondCancelIs409()
    {
        var admin = _api.ClientWithToken();
        var started = await PublishAndStartAsync(admin, WaitFlow());

        var response = await admin.PostAsync($"/api/flows/instances/{started.InstanceId}/cancel?reason=paid+elsewhere", null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("cancelled", (await GetAsync(started.InstanceId))!.Instance.Status);
        await AssertProblemAsync(await admin.PostAsync($"/api/flows/instances/{started.InstanceId}/cancel", null), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Instance_OfAnotherCompany_Returns403AndIsLeftOutOfTheList()
    {
        var admin = _api.ClientWithToken();
        var flow = WaitFlow();
        await PublishAsync(admin, flow);
        var theirs = await StartAsync(admin, flow.Id, "DAINAMICS");
        var mine = await StartAsync(admin, flow.Id, "TAKEOUT");
        var viewer = _api.ClientWithToken(Roles.Viewer, "TAKEOUT");

        await AssertProblemAsync(await viewer.GetAsync($"/api/flows/instances/{theirs.InstanceId}"), HttpStatusCode.Forbidden, "DAINAMICS");
        await AssertProblemAsync(await _api.ClientWithToken(Roles.Accountant, "TAKEOUT")
            .PostAsync($"/api/flows/instances/{theirs.InstanceId}/signals/go", Json("{}")), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await viewer.GetAsync("/api/flows/instances?company=DAINAMICS"), HttpStatusCode.Forbidden);
        var listed = await viewer.GetFromJsonAsync<FlowInstanceResponse[]>($"/api/flows/instances?flow={flow.Id}");
        Assert.Equal([mine.InstanceId], listed!.Select(i => i.Id));
    }

    [Fact]
    public async Task Start_ViewerOrOtherCompanyOrUnknownFlow_IsRefused()
    {
        var flow = WaitFlow();
        await PublishAsync(_api.ClientWithToken(), flow);
        var request = new StartFlowInstanceRequest(flow.Id, null, "HYPERVISUAL", null);

        await AssertProblemAsync(await _api.ClientWithToken(Roles.Viewer).PostAsJsonAsync("/api/flows/instances", request), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await _api.ClientWithToken(Roles.Accountant, "LEXAIA").PostAsJsonAsync("/api/flows/instances", request), HttpStatusCode.Forbidden, "HYPERVISUAL");
        await AssertProblemAsync(await _api.ClientWithToken().PostAsJsonAsync("/api/flows/instances", request with { FlowId = "no.such.flow" }), HttpStatusCode.NotFound, "no.such.flow");
        await AssertProblemAsync(await _api.CreateClient().PostAsJsonAsync("/api/flows/instances", request), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task DeadLetter_IsListedAndRetriedByAdminOnly()
    {
        var admin = _api.ClientWithToken();
        var flow = Flow.Define(NewFlowId("dead"), "Dead")
            .Activity("boom", "diag.fail", a => a.Input("times", "1").Retry(1)).Complete("done").Build();
        var started = await PublishAndStartAsync(admin, flow, "ENKI_REALTY");
        await _api.DrainAsync();
        Assert.Equal("failed", (await GetAsync(started.InstanceId))!.Instance.Status);

        var letters = await _api.ClientWithToken(Roles.Viewer, "ENKI_REALTY").GetFromJsonAsync<DeadLetterResponse[]>("/api/flows/dead-letters");
        var hidden = await _api.ClientWithToken(Roles.Viewer, "LEXAIA").GetFromJsonAsync<DeadLetterResponse[]>("/api/flows/dead-letters");
        var letter = Assert.Single(letters!, d => d.InstanceId == started.InstanceId);
        Assert.Equal(("diag.fail", "steps[0]"), (letter.ActivityName, letter.StepPath));
        Assert.DoesNotContain(hidden!, d => d.InstanceId == started.InstanceId);

        await AssertProblemAsync(await _api.ClientWithToken(Roles.Accountant).PostAsync($"/api/flows/instances/{started.InstanceId}/retry", null), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/flows/instances/{started.InstanceId}/retry", null)).StatusCode);
        Assert.Equal("running", (await GetAsync(started.InstanceId))!.Instance.Status);
        await AssertProblemAsync(await admin.PostAsync($"/api/flows/instances/{started.InstanceId}/retry", null), HttpStatusCode.Conflict);
    }
}
