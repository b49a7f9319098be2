using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Finance.Api.Auth;
using Finance.Api.Flows;
using Finance.Tests.Infrastructure;
using Finance.Workflows.Builder;
using static Finance.Tests.Api.CompanyEndpointTests;
using static Finance.Tests.Api.Flows.FlowApiKit;

namespace Finance.Tests.Api.Flows;

public sealed class FlowDefinitionEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly ApiFactory _api = fixture.Api;

    [Fact]
    public async Task Lifecycle_DraftValidateFixPublishRevertRetire_FollowsElsaLifecycle()
    {
        var admin = _api.ClientWithToken();
        var id = NewFlowId("life");
        var broken = Flow.Define(id, "Life").Activity("work", "diag.nothing").Complete("done").Build();

        var created = await admin.PostAsync("/api/flows/definitions", Json(broken));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = (await created.Content.ReadFromJsonAsync<FlowDefinitionResponse>())!;
        Assert.Equal((id, 1, "draft"), (draft.Id, draft.Version, draft.Status));

        var invalid = await ValidateAsync(admin, $"/api/flows/definitions/{id}/versions/1/validate");
        Assert.False(invalid.Valid);
        Assert.Equal("steps[0].name", Assert.Single(invalid.Errors).Path);

        var fixedFlow = Flow.Define(id, "Life").Activity("work", "diag.noop").Complete("done").Build();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsync($"/api/flows/definitions/{id}/versions/1", Json(fixedFlow))).StatusCode);
        Assert.True((await ValidateAsync(admin, $"/api/flows/definitions/{id}/versions/1/validate")).Valid);
        var published = await admin.PostAsync($"/api/flows/definitions/{id}/versions/1/publish", null);
        Assert.Equal("published", (await published.Content.ReadFromJsonAsync<FlowDefinitionResponse>())!.Status);
        Assert.Equal(1, (await admin.GetFromJsonAsync<FlowDefinitionResponse>($"/api/flows/definitions/{id}"))!.Version);

        var reverted = await admin.PostAsync($"/api/flows/definitions/{id}/versions/1/revert", null);
        Assert.Equal(HttpStatusCode.Created, reverted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/flows/definitions/{id}/versions/2/publish", null)).StatusCode);
        var versions = await admin.GetFromJsonAsync<FlowVersionResponse[]>($"/api/flows/definitions/{id}/versions");
        Assert.Equal([(1, "retired"), (2, "published")], versions!.Select(v => (v.Version, v.Status)));

        var retired = await admin.PostAsync($"/api/flows/definitions/{id}/versions/2/retire", null);
        Assert.Equal("retired", (await retired.Content.ReadFromJsonAsync<FlowDefinitionResponse>())!.Status);
        await AssertProblemAsync(await admin.GetAsync($"/api/flows/definitions/{id}"), HttpStatusCode.NotFound, "no published version");
        var listed = Assert.Single((await admin.GetFromJsonAsync<FlowDefinitionSummaryResponse[]>("/api/flows/definitions"))!, s => s.Id == id);
        Assert.Equal((2, (int?)null), (listed.LatestVersion, listed.PublishedVersion));
    }

    [Fact]
    public async Task Publish_InvalidDraft_Returns400ProblemWithPathsAndPublishesNothing()
    {
        var admin = _api.ClientWithToken();
        var id = NewFlowId("bad");
        var broken = Flow.Define(id, "Bad").Activity("work", "diag.noop", a => a.Input("value", "vars.missing +")).Complete("done").Build();
        await admin.PostAsync("/api/flows/definitions", Json(broken));

        var response = await admin.PostAsync($"/api/flows/definitions/{id}/versions/1/publish", null);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("steps[0].input.value", out _));
        var versions = await admin.GetFromJsonAsync<FlowVersionResponse[]>($"/api/flows/definitions/{id}/versions");
        Assert.Equal("draft", Assert.Single(versions!).Status);
    }

    [Fact]
    public async Task Validate_BodyWithErrors_Returns200WithPathsAndStoresNothing()
    {
        var admin = _api.ClientWithToken();
        var id = NewFlowId("check");
        var body = Flow.Define(id, "Check").Activity("a", "diag.nothing").Activity("b", "diag.noop", a => a.Input("v", "(")).Build();

        var result = await ValidateAsync(admin, "/api/flows/definitions/validate", Json(body));
        var malformed = await ValidateAsync(admin, "/api/flows/definitions/validate", Json("""{"id":"x","version":1,"name":"n","steps":[{"kind":"teleport","id":"a"}]}"""));

        Assert.False(result.Valid);
        Assert.Contains(result.Errors, e => e.Path == "steps[0].name");
        Assert.Contains(result.Errors, e => e.Path == "steps[1].input.v");
        Assert.False(malformed.Valid);
        Assert.NotEmpty(malformed.Errors);
        await AssertProblemAsync(await admin.GetAsync($"/api/flows/definitions/{id}/versions"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task CreateDraft_MalformedJson_Returns400ProblemWithPath()
    {
        var response = await _api.ClientWithToken().PostAsync("/api/flows/definitions", Json("""{"id":"x","version":1,"name":"n","steps":[{"kind":"delay","id":"a","duration":"P1M"}]}"""));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task UpdateDraft_PublishedVersion_Returns400AndKeepsIt()
    {
        var admin = _api.ClientWithToken();
        var flow = NoopFlow();
        await PublishAsync(admin, flow);

        var response = await admin.PutAsync($"/api/flows/definitions/{flow.Id}/versions/1", Json(flow));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("published", (await admin.GetFromJsonAsync<FlowDefinitionResponse>($"/api/flows/definitions/{flow.Id}?version=1"))!.Status);
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(Roles.Accountant)]
    public async Task CreateDraft_NotAdmin_Returns403(string role)
    {
        var response = await _api.ClientWithToken(role).PostAsync("/api/flows/definitions", Json(NoopFlow()));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ListDefinitions_Viewer_Returns200AndWithoutToken401()
    {
        Assert.Equal(HttpStatusCode.OK, (await _api.ClientWithToken(Roles.Viewer).GetAsync("/api/flows/definitions")).StatusCode);
        await AssertProblemAsync(await _api.CreateClient().GetAsync("/api/flows/definitions"), HttpStatusCode.Unauthorized);
    }

    private static async Task<FlowValidationResponse> ValidateAsync(HttpClient client, string url, HttpContent? body = null)
    {
        var response = await client.PostAsync(url, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<FlowValidationResponse>())!;
    }
}
