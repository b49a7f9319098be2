using System.Text.Json.Nodes;
using Finance.Workflows.Runs;
using Google.Protobuf;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.History.V1;
using Temporalio.Converters;

namespace Finance.Workflows.Engines.Temporal;

/// <summary>
/// The timeline of a <see cref="FlowWorkflow"/> execution, read from its Temporal history: the same entry kinds the
/// embedded engine gives (<see cref="JournalTimeline"/>). Temporal retries an activity inside one history event pair,
/// so only the last attempt of a failed activity shows (with its attempt number).
/// </summary>
public static class TemporalTimeline
{
    public static IReadOnlyList<FlowTimelineEntry> Build(IEnumerable<HistoryEvent> history, IPayloadConverter? converter = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        converter ??= DataConverter.Default.PayloadConverter;
        var timeline = new List<FlowTimelineEntry>();
        var activities = new Dictionary<long, (int Seq, string Step, string Activity)>();
        var attempts = new Dictionary<long, int>();
        var timers = new Dictionary<long, string>();
        foreach (var e in history)
        {
            var time = e.EventTime?.ToDateTimeOffset() ?? DateTimeOffset.MinValue;
            switch (e.EventType)
            {
                case EventType.WorkflowExecutionStarted:
                    var started = e.WorkflowExecutionStartedEventAttributes;
                    var input = First<FlowWorkflowInput>(converter, started.Input);
                    timeline.Add(new(time, FlowTimelineKind.Started, Data: input?.Input?.DeepClone()));
                    break;
                case EventType.ActivityTaskScheduled:
                    var scheduled = e.ActivityTaskScheduledEventAttributes;
                    if (scheduled.ActivityType.Name == FlowWorkflow.ResolveDefinitionActivity)
                    {
                        break; // the engine's own lookup of a child's definition, not a step
                    }

                    var activityInput = First<FlowActivityInput>(converter, scheduled.Input);
                    var seq = int.TryParse(scheduled.ActivityId, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 0;
                    activities[e.EventId] = (seq, activityInput?.StepPath ?? string.Empty, scheduled.ActivityType.Name);
                    timeline.Add(new(time, FlowTimelineKind.ActivityScheduled, seq, activityInput?.StepPath, scheduled.ActivityType.Name, 1,
                        Data: activityInput?.Input?.DeepClone()));
                    break;
                case EventType.ActivityTaskStarted:
                    attempts[e.ActivityTaskStartedEventAttributes.ScheduledEventId] = e.ActivityTaskStartedEventAttributes.Attempt;
                    break;
                case EventType.ActivityTaskCompleted:
                    var completed = e.ActivityTaskCompletedEventAttributes;
                    if (activities.TryGetValue(completed.ScheduledEventId, out var done))
                    {
                        timeline.Add(new(time, FlowTimelineKind.ActivityCompleted, done.Seq, done.Step, done.Activity,
                            attempts.GetValueOrDefault(completed.ScheduledEventId, 1), Data: First<JsonNode>(converter, completed.Result)));
                    }

                    break;
                case EventType.ActivityTaskFailed:
                    var failed = e.ActivityTaskFailedEventAttributes;
                    if (activities.TryGetValue(failed.ScheduledEventId, out var broken))
                    {
                        timeline.Add(new(time, FlowTimelineKind.ActivityFailed, broken.Seq, broken.Step, broken.Activity,
                            attempts.GetValueOrDefault(failed.ScheduledEventId, 1), failed.Failure?.Message, new JsonObject { ["final"] = true }));
                    }

                    break;
                case EventType.ActivityTaskTimedOut:
                    var timedOut = e.ActivityTaskTimedOutEventAttributes;
                    if (activities.TryGetValue(timedOut.ScheduledEventId, out var late))
                    {
                        timeline.Add(new(time, FlowTimelineKind.ActivityFailed, late.Seq, late.Step, late.Activity,
                            attempts.GetValueOrDefault(timedOut.ScheduledEventId, 1), timedOut.Failure?.Message ?? "Timed out.", new JsonObject { ["final"] = true }));
                    }

                    break;
                case EventType.TimerStarted:
                    var timer = e.TimerStartedEventAttributes;
                    timers[e.EventId] = timer.TimerId;
                    timeline.Add(new(time, FlowTimelineKind.TimerStarted, Detail: timer.TimerId,
                        Data: new JsonObject { ["fireAt"] = time + timer.StartToFireTimeout.ToTimeSpan() }));
                    break;
                case EventType.TimerFired:
                    timeline.Add(new(time, FlowTimelineKind.TimerFired, Detail: e.TimerFiredEventAttributes.TimerId));
                    break;
                case EventType.WorkflowExecutionSignaled:
                    var signal = e.WorkflowExecutionSignaledEventAttributes;
                    timeline.Add(new(time, FlowTimelineKind.SignalReceived, Detail: signal.SignalName, Data: First<JsonNode>(converter, signal.Input)));
                    break;
                case EventType.StartChildWorkflowExecutionInitiated:
                    var child = e.StartChildWorkflowExecutionInitiatedEventAttributes;
                    var childInput = First<FlowWorkflowInput>(converter, child.Input);
                    timeline.Add(new(time, FlowTimelineKind.ChildStarted, Detail: childInput?.FlowId,
                        Data: new JsonObject { ["instanceId"] = child.WorkflowId }));
                    break;
                case EventType.ChildWorkflowExecutionCompleted:
                    var childDone = e.ChildWorkflowExecutionCompletedEventAttributes;
                    timeline.Add(new(time, FlowTimelineKind.ChildCompleted, Detail: childDone.WorkflowExecution.WorkflowId,
                        Data: First<JsonNode>(converter, childDone.Result)));
                    break;
                case EventType.ChildWorkflowExecutionFailed:
                    var childFailed = e.ChildWorkflowExecutionFailedEventAttributes;
                    timeline.Add(new(time, FlowTimelineKind.ChildFailed, Detail: childFailed.Failure?.Message));
                    break;
                case EventType.WorkflowExecutionCancelRequested:
                    timeline.Add(new(time, FlowTimelineKind.CancelRequested, Detail: NullIfEmpty(e.WorkflowExecutionCancelRequestedEventAttributes.Cause)));
                    break;
                case EventType.WorkflowExecutionCompleted:
                    timeline.Add(new(time, FlowTimelineKind.Completed, Data: First<JsonNode>(converter, e.WorkflowExecutionCompletedEventAttributes.Result)));
                    break;
                case EventType.WorkflowExecutionFailed:
                    timeline.Add(new(time, FlowTimelineKind.Failed, Detail: e.WorkflowExecutionFailedEventAttributes.Failure?.Message));
                    break;
                case EventType.WorkflowExecutionCanceled:
                    timeline.Add(new(time, FlowTimelineKind.Cancelled));
                    break;
                case EventType.WorkflowExecutionTerminated:
                    timeline.Add(new(time, FlowTimelineKind.Cancelled, Detail: "Terminated: " + e.WorkflowExecutionTerminatedEventAttributes.Reason));
                    break;
                case EventType.WorkflowExecutionTimedOut:
                    timeline.Add(new(time, FlowTimelineKind.Failed, Detail: "The workflow execution timed out."));
                    break;
                case EventType.WorkflowExecutionContinuedAsNew:
                    timeline.Add(new(time, FlowTimelineKind.Completed, Detail: "Continued as new."));
                    break;
                default:
                    break; // workflow tasks, markers and the like: the engine's bookkeeping
            }
        }

        return timeline;
    }

    /// <summary>The input the instance was started with, from the first history event.</summary>
    public static FlowWorkflowInput? StartInput(IEnumerable<HistoryEvent> history, IPayloadConverter? converter = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        var started = history.FirstOrDefault(e => e.EventType == EventType.WorkflowExecutionStarted);
        return started is null ? null : First<FlowWorkflowInput>(converter ?? DataConverter.Default.PayloadConverter, started.WorkflowExecutionStartedEventAttributes.Input);
    }

    private static T? First<T>(IPayloadConverter converter, Payloads? payloads)
    {
        if (payloads is not { Payloads_.Count: > 0 })
        {
            return default;
        }

        try
        {
            return converter.ToValue<T>(payloads.Payloads_[0]);
        }
        catch (Exception e) when (e is InvalidOperationException or System.Text.Json.JsonException or InvalidProtocolBufferException)
        {
            return default; // a payload this version cannot read (older input shape, encrypted codec): shown without data
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
