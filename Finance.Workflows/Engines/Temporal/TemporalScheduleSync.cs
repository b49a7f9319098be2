using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Exceptions;

namespace Finance.Workflows.Engines.Temporal;

/// <summary>A recurring start of <paramref name="FlowId"/>: a standard five-field cron in <paramref name="TimeZone"/>.</summary>
public sealed record ScheduleSpec(string Id, string FlowId, string Cron, string TimeZone = "Europe/Zurich", JsonObject? Input = null);

/// <summary>
/// Mirrors flow schedules as Temporal Schedules (DESIGN.md §3): one schedule per spec, created or updated in place.
/// Each fire starts a <see cref="FlowWorkflow"/> that resolves the flow's published version at that time; overlapping
/// fires are skipped, and Temporal starts each fire time once.
/// </summary>
public sealed class TemporalScheduleSync(ITemporalClient client, IOptions<TemporalOptions> options)
{
    public async Task SyncAsync(IEnumerable<ScheduleSpec> specs, CancellationToken cancellationToken)
    {
        foreach (var spec in specs)
        {
            var schedule = ToSchedule(spec, options.Value);
            try
            {
                await client.CreateScheduleAsync(spec.Id, schedule, new ScheduleOptions
                {
                    Rpc = new RpcOptions { CancellationToken = cancellationToken },
                });
            }
            catch (ScheduleAlreadyRunningException)
            {
                await client.GetScheduleHandle(spec.Id).UpdateAsync(
                    _ => new ScheduleUpdate(schedule),
                    new RpcOptions { CancellationToken = cancellationToken });
            }
        }
    }

    /// <summary>The Temporal schedule for <paramref name="spec"/>; workflow ids are the schedule id plus the fire time.</summary>
    public static Schedule ToSchedule(ScheduleSpec spec, TemporalOptions options)
    {
        // An empty instance id: the workflow takes its workflow id, which Temporal derives per fire.
        var input = new FlowWorkflowInput(string.Empty, spec.FlowId, Input: spec.Input, TaskQueuePrefix: options.TaskQueuePrefix);
        var action = ScheduleActionStartWorkflow.Create(
            (FlowWorkflow wf) => wf.RunAsync(input),
            new WorkflowOptions(spec.Id, options.TaskQueue(FlowWorkflow.DefaultQueue)));
        return new Schedule(action, new Temporalio.Client.Schedules.ScheduleSpec
        {
            CronExpressions = [spec.Cron],
            TimeZoneName = spec.TimeZone,
        })
        {
            Policy = new SchedulePolicy { Overlap = Temporalio.Api.Enums.V1.ScheduleOverlapPolicy.Skip },
        };
    }
}
