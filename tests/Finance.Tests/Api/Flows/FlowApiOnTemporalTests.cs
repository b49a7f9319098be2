using System.Net;
using System.Net.Http.Json;
using Finance.Api.Auth;
using Finance.Api.Flows;
using Finance.Tests.Infrastructure;
using Finance.Tests.Workflows.Temporal;
using Finance.Workflows.Invoicing;
using Finance.Workflows.Engines.Temporal;
using Finance.Workflows.Runs;
using Finance.Workflows.Schedules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.WorkflowService.V1;
using Temporalio.Client;
using static Finance.Tests.Api.Flows.FlowApiKit;

namespace Finance.Tests.Api.Flows;

/// <summary>
/// The flows API with <c>Workflows:Engine=Temporal</c>: the same routes, the same company checks and the same answers as
/// on the embedded engine, read from Temporal (a <see cref="FakeTemporalServer"/> behind the real client, with golden
/// histories of real runs).
/// </summary>
public sealed class FlowApiOnTemporalTests : IClassFixture<DatabaseFixture>, IAsyncLifetime, IAsyncDisposable
{
    private static readonly DateTime T0 = new(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc);

    private readonly FakeTemporalServer _server = new();
    private readonly List<ResetWorkflowExecutionRequest> _resets = [];
    private readonly ApiFactory _api;

    public FlowApiOnTemporalTests(DatabaseFixture database)
    {
        _api = new ApiFactory(database, settings: new Dictionary<string, string> { ["Workflows:Engine"] = "Temporal" }, services: services =>
        {
            services.AddSingleton<ITemporalClient>(_server.Client);
            services.AddSingleton<IFlowInstances>(sp => new TemporalFlowInstances(_server.Client, sp.GetRequiredService<IOptions<TemporalOptions>>(), (request, _) =>
            {
                _resets.Add(request);
                return Task.CompletedTask;
            }));
        });
        _server.Add(TemporalFlowInstancesTests.FromGolden("invoice.dunning.v1.waiting-for-payment", "d-1", "LEXAIA", WorkflowExecutionStatus.Running, T0, "inv-1"));
        _server.Add(TemporalFlowInstancesTests.FromGolden("invoice.dunning.v1.three-reminders", "d-2", "HYPERVISUAL", WorkflowExecutionStatus.Completed, T0.AddHours(1), "inv-2"));
        _server.Add(TemporalFlowInstancesTests.FromGolden("invoice.create-and-send.v1.smtp-down", "s-4", "LEXAIA", WorkflowExecutionStatus.Failed, T0.AddHours(3), "inv-4"));
        _server.Schedules[InvoiceFlows.OverdueCheckId] = false;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit v2 calls IAsyncLifetime.DisposeAsync only; both names lead to the one disposal.
    public Task DisposeAsync() => ((IAsyncDisposable)this).DisposeAsync().AsTask();

    ValueTask IAsyncDisposable.DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task List_CompanyToken_OnlyItsCompanysInstancesFromTemporal()
    {
        var listed = (await _api.ClientWithToken(Roles.Accountant, "LEXAIA").GetFromJsonAsync<FlowInstanceResponse[]>("/api/flows/instances"))!;

        Assert.Equal(["s-4", "d-1"], listed.Select(i => i.Id));
        Assert.Equal(("invoice.create-and-send", "failed", "LEXAIA"), (listed[0].FlowId, listed[0].Status, listed[0].Company));
    }

    [Fact]
    public async Task Get_CompanyToken_OwnInstanceWithTimelineOthersForbiddenUnknown404()
    {
        var lexaia = _api.ClientWithToken(Roles.Accountant, "LEXAIA");

        var own = await lexaia.GetFromJsonAsync<FlowInstanceDetailsResponse>("/api/flows/instances/d-1");
        var other = await lexaia.GetAsync("/api/flows/instances/d-2");
        var unknown = await lexaia.GetAsync("/api/flows/instances/nope");

        Assert.Equal(("temporal", "d-1", "running"), (own!.Engine, own.Instance.Id, own.Instance.Status));
        Assert.Equal(["started", "timerStarted"], own.Timeline.Select(t => t.Kind));
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Signal_CompanyToken_ReachesOwnInstanceRefusedForOthers()
    {
        var lexaia = _api.ClientWithToken(Roles.Accountant, "LEXAIA");

        var own = await lexaia.PostAsync("/api/flows/instances/d-1/signals/invoice.paid", Json("{}"));
        var other = await _api.ClientWithToken(Roles.Accountant, "HYPERVISUAL").PostAsync("/api/flows/instances/d-1/signals/invoice.paid", Json("{}"));

        Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal([("d-1", "invoice.paid")], _server.Signals);
    }

    [Fact]
    public async Task Retry_FailedInstance_ResetsOnTemporal_RunningOneIsAConflict()
    {
        var admin = _api.ClientWithToken(Roles.Admin, "LEXAIA");

        var failed = await admin.PostAsync("/api/flows/instances/s-4/retry", null);
        var running = await admin.PostAsync("/api/flows/instances/d-1/retry", null);

        Assert.Equal(HttpStatusCode.Accepted, failed.StatusCode);
        Assert.Equal("s-4", Assert.Single(_resets).WorkflowExecution.WorkflowId);
        Assert.Equal(HttpStatusCode.Conflict, running.StatusCode);
    }

    [Fact]
    public async Task Schedules_PauseAndResume_ChangeTheStoreAndTheTemporalScheduleTogether()
    {
        var admin = _api.ClientWithToken();

        var paused = await admin.PostAsync($"/api/flows/schedules/{InvoiceFlows.OverdueCheckId}/pause", null);
        var stored = await _api.Services.GetRequiredService<FlowScheduleStore>().FindAsync(InvoiceFlows.OverdueCheckId, default);
        var temporalPaused = _server.Schedules[InvoiceFlows.OverdueCheckId];
        var resumed = await admin.PostAsync($"/api/flows/schedules/{InvoiceFlows.OverdueCheckId}/resume", null);
        var listed = await admin.GetFromJsonAsync<FlowScheduleResponse[]>("/api/flows/schedules");

        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.True((await paused.Content.ReadFromJsonAsync<FlowScheduleResponse>())!.Paused);
        Assert.True(stored!.Paused);
        Assert.True(temporalPaused);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.False(_server.Schedules[InvoiceFlows.OverdueCheckId]);
        var schedule = Assert.Single(listed!, s => s.Id == InvoiceFlows.OverdueCheckId);
        // Temporal's own next action time, not the store's estimate.
        Assert.Equal(new DateTimeOffset(2027, 1, 4, 8, 0, 0, TimeSpan.Zero), schedule.NextFireAt);
        Assert.False(schedule.Paused);
    }
}
