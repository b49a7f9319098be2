using System.Text.Json.Nodes;
using Finance.Workflows.Schedules;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Exceptions;

namespace Finance.Workflows.Engines.Temporal;

/// <summary>
/// Mirrors flow schedules as Temporal Schedules (DESIGN.md §3): one schedule per stored flow schedule, created or
/// updated in place, paused when it is paused. Each fire starts a <see cref="FlowWorkflow"/> that resolves the flow's
/// published version at that time; overlapping fires are skipped, and Temporal starts each fire time once.
/// </summary>
public sealed class TemporalScheduleSync(ITemporalClient client, IOptions<TemporalOptions> options)
{
    public async Task SyncAsync(IEnumerable<FlowScheduleState> schedules, CancellationToken cancellationToken)
    {
        foreach (var stored in schedules)
        {
            var schedule = ToSchedule(
                new FlowSchedule(stored.Id, stored.FlowId, stored.Cron, stored.TimeZone,
                    stored.InputJson is null ? null : JsonNode.Parse(stored.InputJson)!.AsObject(), stored.CompanyCode),
                options.Value) with { State = new ScheduleState { Paused = stored.Paused } };
            try
            {
                await client.CreateScheduleAsync(stored.Id, schedule, new ScheduleOptions
                {
                    Rpc = new RpcOptions { CancellationToken = cancellationToken },
                });
            }
            catch (ScheduleAlreadyRunningException)
            {
                await client.GetScheduleHandle(stored.Id).UpdateAsync(
                    _ => new ScheduleUpdate(schedule),
                    new RpcOptions { CancellationToken = cancellationToken });
            }
        }
    }

    /// <summary>The Temporal schedule for <paramref name="schedule"/>; workflow ids are the schedule id plus the fire time.</summary>
    public static Schedule ToSchedule(FlowSchedule schedule, TemporalOptions options)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(options);
        // An empty instance id: the workflow takes its workflow id, which Temporal derives per fire.
        var input = new FlowWorkflowInput(string.Empty, schedule.FlowId, Input: schedule.Input, Company: schedule.Company,
            TaskQueuePrefix: options.TaskQueuePrefix);
        var action = ScheduleActionStartWorkflow.Create(
            (FlowWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(schedule.Id, options.TaskQueue(FlowEngineOptions.DefaultQueue))
            {
                // What the run history reads (TemporalFlowInstances), as on instances the engine starts.
                Memo = new Dictionary<string, object>
                {
                    ["flowId"] = schedule.FlowId,
                    ["company"] = schedule.Company ?? string.Empty,
                    ["correlationId"] = schedule.Id,
                },
            });
        return new Schedule(action, new ScheduleSpec
        {
            CronExpressions = [schedule.Cron],
            TimeZoneName = schedule.TimeZone,
        })
        {
            Policy = new SchedulePolicy { Overlap = Temporalio.Api.Enums.V1.ScheduleOverlapPolicy.Skip },
        };
    }
}

/// <summary>
/// In the Temporal worker host: once the built-in schedules are stored (BuiltInFlowsService runs first), mirrors every
/// stored schedule to Temporal, retrying with backoff while the server cannot be reached.
/// </summary>
internal sealed class TemporalScheduleSyncService(
    FlowScheduleStore schedules, TemporalScheduleSync sync, TimeProvider timeProvider, ILogger<TemporalScheduleSyncService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sync.SyncAsync(await schedules.ListAsync(stoppingToken), stoppingToken);
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                delay = Core.Backoff.Next(delay, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
                logger.LogWarning(e, "Could not mirror flow schedules to Temporal; retrying in {Delay}", delay);
                await Task.Delay(delay, timeProvider, stoppingToken);
            }
        }
    }
}
