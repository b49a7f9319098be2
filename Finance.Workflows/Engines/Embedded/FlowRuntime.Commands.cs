using System.Text.Json;
using Dapper;
using Finance.Workflows.Interpreter;
using Finance.Workflows.Model;
using Microsoft.Extensions.Logging;

namespace Finance.Workflows.Engines.Embedded;

/// <summary>Carrying out the interpreter's commands inside the event's transaction.</summary>
internal sealed partial class FlowRuntime
{
    private const string InsertTimer = """
        INSERT INTO flow_work_items (instance_id, kind, queue, timer_id, run_at, status, created_at, updated_at)
        VALUES (@instanceId, 'timer', @queue, @timerId, @fireAt, 'waiting', @now, @now)
        """;

    private const string CancelTimerItem = """
        UPDATE flow_work_items SET status = 'cancelled', updated_at = @now
        WHERE instance_id = @instanceId AND kind = 'timer' AND timer_id = @timerId AND status = 'waiting'
        """;

    private const string RunningChildren = """
        SELECT id FROM flow_instances
        WHERE parent_instance_id = @instanceId AND status NOT IN ('completed', 'failed', 'cancelled')
        ORDER BY id
        """;

    private async Task HandleAsync(
        FlowTx tx, LockedInstance instance, FlowCommand command, List<FlowEvent> followUps, CancellationToken cancellationToken)
    {
        switch (command)
        {
            case ScheduleActivity c:
                tx.Groups.Activity(new NewActivity(
                    instance.Id,
                    c.Queue ?? (catalog.TryGet(c.ActivityName, out var activity) ? activity.Queue : FlowEngineOptions.DefaultQueue),
                    c.ActivityName,
                    c.StepPath,
                    c.Seq,
                    c.IdempotencyKey,
                    c.Input.ToJsonString(),
                    JsonSerializer.Serialize(c.Retry, FlowJson.Options),
                    (long?)c.StartToCloseTimeout?.TotalMilliseconds,
                    c.Attempt,
                    Now));
                break;
            case StartTimer c:
                tx.Defer(InsertTimer, new { instanceId = instance.Id, queue = TimerQueue, timerId = c.TimerId, fireAt = c.FireAt, now = Now });
                break;
            case CancelTimer c:
                tx.Defer(CancelTimerItem, new { instanceId = instance.Id, timerId = c.TimerId, now = Now });
                break;
            case AwaitSignal:
                break; // the state says what it waits for; signals are accepted at any time
            case StartChildFlow c:
                await StartChildAsync(tx, instance, c, followUps, cancellationToken);
                break;
            case CompleteFlow c:
                await FinishAsync(tx, instance, "job.completed", new { status = "completed", output = c.Output },
                    new ChildFlowCompleted(Now, instance.ParentSeq ?? 0, c.Output), cancellationToken);
                break;
            case FailFlow c:
                await FinishAsync(tx, instance, "job.failed", new { status = "failed", reason = c.Reason },
                    new ChildFlowFailed(Now, instance.ParentSeq ?? 0, c.Reason), cancellationToken);
                break;
            case CancelFlow c:
                await tx.FlushAsync(cancellationToken);
                var children = await tx.RawConnection.QueryAsync<string>(new CommandDefinition(RunningChildren,
                    new { instanceId = instance.Id }, tx.RawTransaction, cancellationToken: cancellationToken));
                foreach (var child in children)
                {
                    await ApplyAsync(tx, child, new CancelRequested(Now, $"Parent {instance.Id} was cancelled."), cancellationToken);
                }

                await FinishAsync(tx, instance, "job.failed", new { status = "cancelled", reason = c.Reason },
                    new ChildFlowFailed(Now, instance.ParentSeq ?? 0, "cancelled" + (c.Reason is null ? "" : ": " + c.Reason)), cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"Unknown command {command.GetType().Name}.");
        }
    }

    private async Task StartChildAsync(
        FlowTx tx, LockedInstance instance, StartChildFlow c, List<FlowEvent> followUps, CancellationToken cancellationToken)
    {
        try
        {
            var request = new StartFlowRequest(c.FlowId, c.Input, instance.CompanyCode, instance.CorrelationId, InstanceId: c.ChildInstanceId);
            await StartAsync(tx, request, (instance.Id, c.Seq, c.WaitForCompletion), cancellationToken);
        }
        catch (FlowNotFoundException e)
        {
            // Publishing checks child flow ids, but the child may have been retired since.
            logger.LogWarning("Instance {InstanceId} could not start child flow {FlowId}: {Reason}", instance.Id, c.FlowId, e.Message);
            if (c.WaitForCompletion)
            {
                followUps.Add(new ChildFlowFailed(Now, c.Seq, e.Message));
            }
        }
    }

    private async Task FinishAsync(
        FlowTx tx, LockedInstance instance, string eventType, object outcome, FlowEvent toParent, CancellationToken cancellationToken)
    {
        tx.Groups.CancelPending(instance.Id);
        tx.Groups.Event(eventType, instance.CompanyCode, new
        {
            instanceId = instance.Id,
            flowId = instance.FlowId,
            version = instance.Version,
            correlationId = instance.CorrelationId,
            outcome,
        }, Now, instance.TraceParent);

        if (instance.ParentInstanceId is { } parent && instance.ParentWaits)
        {
            await ApplyAsync(tx, parent, toParent, cancellationToken);
        }
    }
}
