using Finance.Workflows.Schedules;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Finance.Api.Auth;
using Finance.Api.Flows;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Finance.Tests.Api.CompanyEndpointTests;
using static Finance.Tests.Api.Flows.FlowApiKit;

namespace Finance.Tests.Api.Flows;

/// <summary>Queue statistics count every work item in the database, so this class holds the only test that enqueues.</summary>
public sealed class FlowQueueEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly ApiFactory _api = fixture.Api;

    [Fact]
    public async Task ListQueues_AfterEnqueuingAndRunning_CountsWaitingThenCompleted()
    {
        var admin = _api.ClientWithToken();
        var flow = NoopFlow();
        await PublishAsync(admin, flow);
        for (var i = 0; i < 3; i++)
        {
            await StartAsync(admin, flow.Id);
        }

        var before = await QueuesAsync(_api.ClientWithToken(Roles.Viewer));
        await _api.DrainAsync();
        var after = await QueuesAsync(admin);

        Assert.Contains(before, q => q.Queue == "invoice-processing" && q.Waiting == 0 && q.OldestWaitingSeconds is null);
        var waiting = Assert.Single(before, q => q.Queue == "default");
        Assert.Equal((3L, 0L, 0L, 0L), (waiting.Waiting, waiting.Active, waiting.CompletedLastHour, waiting.DeadLettered));
        Assert.True(waiting.OldestWaitingSeconds >= 0);
        var done = Assert.Single(after, q => q.Queue == "default");
        Assert.Equal((0L, 3L, (double?)null), (done.Waiting, done.CompletedLastHour, done.OldestWaitingSeconds));
    }

    private static async Task<QueueStatsResponse[]> QueuesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<QueueStatsResponse[]>("/api/queues"))!;

    [Fact]
    public async Task ListQueues_Shape_HasEveryCountInCamelCase()
    {
        using var json = JsonDocument.Parse(await _api.ClientWithToken(Roles.Viewer).GetStringAsync("/api/queues"));

        var names = json.RootElement.EnumerateArray().First().EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(["queue", "waiting", "active", "delayed", "retrying", "completedLastHour", "failedLastHour", "deadLettered", "oldestWaitingSeconds"], names);
        await AssertProblemAsync(await _api.CreateClient().GetAsync("/api/queues"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Schedules_PauseResumeTrigger_AdminOnly()
    {
        var admin = _api.ClientWithToken();
        var flow = WaitFlow();
        await PublishAsync(admin, flow);
        var id = NewFlowId("schedule");
        await _api.Services.GetRequiredService<FlowScheduleStore>().UpsertAsync(new FlowSchedule(id, flow.Id, "0 9 * * *", Company: "HYPERVISUAL"), CancellationToken.None);

        var listed = Assert.Single((await admin.GetFromJsonAsync<FlowScheduleResponse[]>("/api/flows/schedules"))!, s => s.Id == id);
        var paused = await admin.PostAsync($"/api/flows/schedules/{id}/pause", null);
        var resumed = await admin.PostAsync($"/api/flows/schedules/{id}/resume", null);
        var triggered = await admin.PostAsync($"/api/flows/schedules/{id}/trigger", null);

        Assert.Equal(("0 9 * * *", "Europe/Zurich", false), (listed.Cron, listed.TimeZone, listed.Paused));
        Assert.True((await paused.Content.ReadFromJsonAsync<FlowScheduleResponse>())!.Paused);
        Assert.False((await resumed.Content.ReadFromJsonAsync<FlowScheduleResponse>())!.Paused);
        Assert.Equal(HttpStatusCode.Created, triggered.StatusCode);
        Assert.Equal(flow.Id, (await triggered.Content.ReadFromJsonAsync<FlowInstanceRefResponse>())!.FlowId);
        await AssertProblemAsync(await _api.ClientWithToken(Roles.Viewer).PostAsync($"/api/flows/schedules/{id}/pause", null), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await admin.PostAsync("/api/flows/schedules/no-such-schedule/pause", null), HttpStatusCode.NotFound);
        Assert.DoesNotContain((await _api.ClientWithToken(Roles.Viewer, "LEXAIA").GetFromJsonAsync<FlowScheduleResponse[]>("/api/flows/schedules"))!, s => s.Id == id);
    }

    [Fact]
    public async Task OpenApi_Anonymous_ListsFlowAndQueueRoutes()
    {
        using var document = JsonDocument.Parse(await _api.CreateClient().GetStringAsync("/openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths");
        string[] expected =
        [
            "/api/flows/definitions", "/api/flows/definitions/{id}", "/api/flows/definitions/{id}/versions",
            "/api/flows/definitions/validate", "/api/flows/definitions/{id}/versions/{version}/publish",
            "/api/flows/definitions/{id}/versions/{version}/retire", "/api/flows/instances", "/api/flows/instances/{id}",
            "/api/flows/instances/{id}/signals/{name}", "/api/flows/instances/{id}/cancel", "/api/flows/instances/{id}/retry",
            "/api/flows/schedules", "/api/flows/schedules/{id}/trigger", "/api/flows/dead-letters", "/api/queues",
        ];
        Assert.All(expected, path => Assert.True(paths.TryGetProperty(path, out _), path));
    }
}
