using System.Globalization;
using Finance.Workflows.Engines.Temporal;
using Finance.Workflows.Interpreter;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;

namespace Finance.Tests.Workflows.Temporal;

/// <summary>The commands half: what each interpreter command becomes inside the workflow task that issued it.</summary>
internal sealed partial class JournalToHistory
{
    private void AddCommand(DateTimeOffset time, FlowCommand command)
    {
        var completed = _lastCompleted;
        switch (command)
        {
            case ScheduleActivity a:
                var queue = a.Queue ?? _input.ActivityQueues?.GetValueOrDefault(a.ActivityName) ?? Finance.Workflows.FlowEngineOptions.DefaultQueue;
                _activityScheduled[a.Seq] = Append(time, EventType.ActivityTaskScheduled, h => h.ActivityTaskScheduledEventAttributes = new()
                {
                    ActivityId = a.Seq.ToString(CultureInfo.InvariantCulture),
                    ActivityType = new ActivityType { Name = a.ActivityName },
                    TaskQueue = Queue(queue),
                    Input = Payloads(new FlowActivityInput(_input.InstanceId, _input.FlowId, a.StepPath, a.IdempotencyKey, a.Input, _input.Company)),
                    StartToCloseTimeout = Duration.FromTimeSpan(a.StartToCloseTimeout ?? TemporalRetry.DefaultStartToCloseTimeout),
                    RetryPolicy = RetryProto(TemporalRetry.ToTemporal(a.Retry)),
                    WorkflowTaskCompletedEventId = completed,
                });
                break;
            case StartTimer t:
                var delay = t.FireAt - time;
                _timerStarted[t.TimerId] = Append(time, EventType.TimerStarted, h => h.TimerStartedEventAttributes = new()
                {
                    TimerId = t.TimerId,
                    StartToFireTimeout = Duration.FromTimeSpan(delay < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : delay),
                    WorkflowTaskCompletedEventId = completed,
                });
                break;
            case CancelTimer c:
                if (_timerStarted.Remove(c.TimerId, out var started))
                {
                    Append(time, EventType.TimerCanceled, h => h.TimerCanceledEventAttributes = new()
                    {
                        TimerId = c.TimerId,
                        StartedEventId = started,
                        WorkflowTaskCompletedEventId = completed,
                        Identity = Identity,
                    });
                }

                break;
            case AwaitSignal:
                break;
            case StartChildFlow s:
                var childInput = new FlowWorkflowInput(s.ChildInstanceId, s.FlowId, Input: s.Input, Company: _input.Company,
                    CorrelationId: _input.CorrelationId, TaskQueuePrefix: _prefix);
                var initiated = Append(time, EventType.StartChildWorkflowExecutionInitiated, h => h.StartChildWorkflowExecutionInitiatedEventAttributes = new()
                {
                    Namespace = "default",
                    WorkflowId = s.ChildInstanceId,
                    WorkflowType = new WorkflowType { Name = nameof(FlowWorkflow) },
                    TaskQueue = Queue(Finance.Workflows.FlowEngineOptions.DefaultQueue),
                    Input = Payloads(childInput),
                    ParentClosePolicy = s.WaitForCompletion ? ParentClosePolicy.Terminate : ParentClosePolicy.Abandon,
                    WorkflowTaskCompletedEventId = completed,
                    WorkflowIdReusePolicy = WorkflowIdReusePolicy.AllowDuplicate,
                });
                // The workflow awaits the start before its next command, so the start ends this workflow task.
                var childStarted = Append(time, EventType.ChildWorkflowExecutionStarted, h => h.ChildWorkflowExecutionStartedEventAttributes = new()
                {
                    Namespace = "default",
                    InitiatedEventId = initiated,
                    WorkflowExecution = new WorkflowExecution { WorkflowId = s.ChildInstanceId, RunId = ChildRunId(s.ChildInstanceId) },
                    WorkflowType = new WorkflowType { Name = nameof(FlowWorkflow) },
                });
                _children[s.Seq] = (initiated, childStarted, s.ChildInstanceId);
                WorkflowTask(time);
                break;
            case CompleteFlow c:
                Append(time, EventType.WorkflowExecutionCompleted, h => h.WorkflowExecutionCompletedEventAttributes = new()
                {
                    Result = Payloads(c.Output),
                    WorkflowTaskCompletedEventId = completed,
                });
                _closed = true;
                break;
            case FailFlow f:
                Append(time, EventType.WorkflowExecutionFailed, h => h.WorkflowExecutionFailedEventAttributes = new()
                {
                    Failure = ApplicationFailure(f.Reason, "FlowFailed", nonRetryable: true),
                    RetryState = RetryState.NonRetryableFailure,
                    WorkflowTaskCompletedEventId = completed,
                });
                _closed = true;
                break;
            case CancelFlow:
                // The workflow drops its pending activity, then ends as cancelled.
                foreach (var pending in _activityScheduled.Values)
                {
                    Append(time, EventType.ActivityTaskCancelRequested, h => h.ActivityTaskCancelRequestedEventAttributes = new()
                    {
                        ScheduledEventId = pending,
                        WorkflowTaskCompletedEventId = completed,
                    });
                }

                Append(time, EventType.WorkflowExecutionCanceled, h => h.WorkflowExecutionCanceledEventAttributes = new()
                {
                    WorkflowTaskCompletedEventId = completed,
                });
                _closed = true;
                break;
            default:
                throw new NotSupportedException($"{command.GetType().Name} is not converted.");
        }
    }
}
