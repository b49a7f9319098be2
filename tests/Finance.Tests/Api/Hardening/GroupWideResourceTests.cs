using System.Net;
using System.Net.Http.Json;
using Finance.Api.Auth;
using Finance.Api.Flows;
using Finance.Tests.Infrastructure;
using Finance.Workflows.Invoicing;
using static Finance.Tests.Api.Flows.FlowApiKit;

namespace Finance.Tests.Api.Hardening;

/// <summary>What belongs to the whole group (schedules without a company, definitions, the group's queue totals) is for <c>*</c> tokens.</summary>
public sealed class GroupWideResourceTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly ApiFactory _api = fixture.Api;

    [Theory]
    [InlineData("pause")]
    [InlineData("resume")]
    [InlineData("trigger")]
    public async Task Schedule_GroupWideByOneCompanyAdmin_Returns403AndChangesNothing(string action)
    {
        var before = await ScheduleAsync();
        var instancesBefore = await InstancesAsync();

        var response = await _api.ClientWithToken(Roles.Admin, "HYPERVISUAL").PostAsync($"/api/flows/schedules/{InvoiceFlows.OverdueCheckId}/{action}", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await ScheduleAsync());
        Assert.Equal(instancesBefore, await InstancesAsync());
    }

    [Fact]
    public async Task Schedule_UnknownId_Returns404()
    {
        var response = await _api.ClientWithToken().PostAsync("/api/flows/schedules/no-such-schedule/pause", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Schedule_GroupAdmin_PausesAndResumes()
    {
        var admin = _api.ClientWithToken();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/flows/schedules/{InvoiceFlows.OverdueCheckId}/pause", null)).StatusCode);
        Assert.True((await ScheduleAsync()).Paused);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/flows/schedules/{InvoiceFlows.OverdueCheckId}/resume", null)).StatusCode);
        Assert.False((await ScheduleAsync()).Paused);
    }

    [Fact]
    public async Task Queues_OneCompanyToken_CountsOnlyItsCompanysWork()
    {
        var admin = _api.ClientWithToken();
        var flow = NoopFlow();
        await PublishAsync(admin, flow);
        for (var i = 0; i < 3; i++) await StartAsync(admin, flow.Id, "DAINAMICS");

        var group = await WaitingAsync(admin);
        var scoped = await WaitingAsync(_api.ClientWithToken(Roles.Viewer, "HYPERVISUAL"));
        var own = await WaitingAsync(_api.ClientWithToken(Roles.Viewer, "DAINAMICS"));

        Assert.True(group >= 3, $"the group sees {group} waiting");
        Assert.Equal(0, scoped);
        Assert.True(own >= 3, $"DAINAMICS sees {own} waiting");
        await _api.DrainAsync();
    }

    [Fact]
    public async Task Definitions_ChangedByOneCompanyAdmin_Return403AndStoreNothing()
    {
        var flow = NoopFlow();
        var scoped = _api.ClientWithToken(Roles.Admin, "HYPERVISUAL");

        var created = await scoped.PostAsync("/api/flows/definitions", Json(flow));
        var validated = await scoped.PostAsync("/api/flows/definitions/validate", Json(flow));

        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, validated.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.ClientWithToken().GetAsync($"/api/flows/definitions/{flow.Id}/versions")).StatusCode);
        await PublishAsync(_api.ClientWithToken(), flow);
        Assert.Equal(HttpStatusCode.Forbidden, (await scoped.PostAsync($"/api/flows/definitions/{flow.Id}/versions/1/retire", null)).StatusCode);
    }

    private async Task<FlowScheduleResponse> ScheduleAsync() =>
        Assert.Single((await _api.ClientWithToken().GetFromJsonAsync<FlowScheduleResponse[]>("/api/flows/schedules"))!, s => s.Id == InvoiceFlows.OverdueCheckId);

    private async Task<int> InstancesAsync() =>
        (await _api.ClientWithToken().GetFromJsonAsync<FlowInstanceResponse[]>($"/api/flows/instances?flow={InvoiceFlows.OverdueCheckId}&limit=500"))!.Length;

    private static async Task<long> WaitingAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<QueueStatsResponse[]>("/api/queues"))!.Sum(q => q.Waiting + q.Active);
}
