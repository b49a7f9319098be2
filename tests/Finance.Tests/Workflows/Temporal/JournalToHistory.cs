using System.Text.Json.Nodes;
using Finance.Workflows.Engines.Temporal;
using Finance.Workflows.Interpreter;
using Finance.Workflows.Model;
using Google.Protobuf.WellKnownTypes;
using Temporalio.Api.Common.V1;
using Temporalio.Api.Enums.V1;
using Temporalio.Api.Failure.V1;
using Temporalio.Api.History.V1;
using Temporalio.Api.Sdk.V1;
using Temporalio.Api.TaskQueue.V1;
using Temporalio.Common;
using Temporalio.Converters;

namespace Finance.Tests.Workflows.Temporal;

/// <summary>
/// Turns an embedded-engine journal (the interpreter's events, <see cref="FlowStarted"/> first) into the Temporal history
/// <see cref="FlowWorkflow"/> would have produced (DESIGN.md §3). Each journaled event becomes the history events that
/// deliver it plus one workflow task, whose completion carries the commands the interpreter answered with:
/// activity ids and timer ids are the interpreter's per-type sequence numbers, as Temporal's are. Retries happen
/// inside one activity task, so non-final failures leave no trace except the final attempt number.
/// </summary>
internal sealed partial class JournalToHistory
{
    private const string Identity = "journal-to-history";
    private static readonly IPayloadConverter Converter = DataConverter.Default.PayloadConverter;

    private readonly List<HistoryEvent> _events = [];
    private readonly Dictionary<int, long> _activityScheduled = [];
    private readonly Dictionary<int, int> _activityFailures = [];
    private readonly Dictionary<string, long> _timerStarted = [];
    private readonly Dictionary<int, (long Initiated, long Started, string WorkflowId)> _children = [];
    private readonly FlowWorkflowInput _input;
    private readonly string _prefix;
    private long _lastCompleted;
    private bool _closed;

    private JournalToHistory(FlowWorkflowInput input)
    {
        _input = input;
        _prefix = input.TaskQueuePrefix;
    }

    /// <summary>The workflow input the Temporal engine would start <paramref name="definition"/> with.</summary>
    public static FlowWorkflowInput InputFor(
        FlowDefinition definition, string instanceId, JsonObject? input, IReadOnlyDictionary<string, string>? queues = null) =>
        new(instanceId, definition.Id, definition.Version, FlowJson.Serialize(definition), input, "CH01", "corr-1", queues);

    public static WorkflowHistory Build(FlowDefinition definition, string instanceId, IReadOnlyList<FlowEvent> journal,
        IReadOnlyDictionary<string, string>? queues = null)
    {
        var started = journal.Count > 0 && journal[0] is FlowStarted s
            ? s
            : throw new ArgumentException("A journal starts with FlowStarted.", nameof(journal));
        var builder = new JournalToHistory(InputFor(definition, instanceId, started.Input as JsonObject, queues));
        var state = FlowInstanceState.Create(instanceId, definition);
        foreach (var e in journal)
        {
            var transition = FlowInterpreter.Default.Apply(definition, state, e);
            state = transition.State;
            builder.Add(e, transition.Commands);
        }

        return new WorkflowHistory(instanceId, builder._events);
    }

    /// <summary>The same history with another definition pinned in its start event: what a changed flow replays against.</summary>
    public static WorkflowHistory WithDefinition(WorkflowHistory history, FlowDefinition definition)
    {
        var events = history.Events.Select(e => e.Clone()).ToList();
        var attributes = events[0].WorkflowExecutionStartedEventAttributes;
        var input = Converter.ToValue<FlowWorkflowInput>(attributes.Input.Payloads_[0]);
        attributes.Input = Payloads(input with { DefinitionJson = FlowJson.Serialize(definition) });
        return new WorkflowHistory(history.Id, events);
    }

    private void Add(FlowEvent e, IReadOnlyList<FlowCommand> commands)
    {
        if (_closed)
        {
            return;
        }

        switch (e)
        {
            case FlowStarted:
                Append(e.Time, EventType.WorkflowExecutionStarted, h => h.WorkflowExecutionStartedEventAttributes = new()
                {
                    WorkflowType = new WorkflowType { Name = nameof(FlowWorkflow) },
                    TaskQueue = Queue(Finance.Workflows.FlowEngineOptions.DefaultQueue),
                    Input = Payloads(_input),
                    WorkflowTaskTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
                    OriginalExecutionRunId = RunId,
                    FirstExecutionRunId = RunId,
                    Attempt = 1,
                    Identity = Identity,
                });
                break;
            case ActivityFailed { IsFinal: false } f:
                // Temporal retries inside the activity task: nothing reaches the workflow.
                _activityFailures[f.Seq] = _activityFailures.GetValueOrDefault(f.Seq) + 1;
                return;
            case ActivityCompleted c:
                var (scheduled, started) = ActivityStarted(c.Time, c.Seq);
                Append(c.Time, EventType.ActivityTaskCompleted, h => h.ActivityTaskCompletedEventAttributes = new()
                {
                    ScheduledEventId = scheduled,
                    StartedEventId = started,
                    Result = Payloads(c.Result),
                    Identity = Identity,
                });
                break;
            case ActivityFailed f:
                var (failedScheduled, failedStarted) = ActivityStarted(f.Time, f.Seq);
                Append(f.Time, EventType.ActivityTaskFailed, h => h.ActivityTaskFailedEventAttributes = new()
                {
                    ScheduledEventId = failedScheduled,
                    StartedEventId = failedStarted,
                    Failure = ApplicationFailure(f.Error, "ActivityError"),
                    RetryState = RetryState.MaximumAttemptsReached,
                    Identity = Identity,
                });
                break;
            case TimerFired t:
                // A timer the signal beat was cancelled in Temporal: it never fires there.
                if (!_timerStarted.Remove(t.TimerId, out var timerStarted))
                {
                    return;
                }

                Append(t.Time, EventType.TimerFired, h => h.TimerFiredEventAttributes = new()
                {
                    TimerId = t.TimerId,
                    StartedEventId = timerStarted,
                });
                break;
            case SignalReceived s:
                Append(s.Time, EventType.WorkflowExecutionSignaled, h => h.WorkflowExecutionSignaledEventAttributes = new()
                {
                    SignalName = s.Name,
                    Input = Payloads(s.Payload),
                    Identity = Identity,
                });
                break;
            case ChildFlowCompleted c:
                var child = _children[c.Seq];
                Append(c.Time, EventType.ChildWorkflowExecutionCompleted, h => h.ChildWorkflowExecutionCompletedEventAttributes = new()
                {
                    Namespace = "default",
                    WorkflowExecution = new WorkflowExecution { WorkflowId = child.WorkflowId, RunId = ChildRunId(child.WorkflowId) },
                    WorkflowType = new WorkflowType { Name = nameof(FlowWorkflow) },
                    InitiatedEventId = child.Initiated,
                    StartedEventId = child.Started,
                    Result = Payloads(c.Output),
                });
                break;
            case CancelRequested c:
                Append(c.Time, EventType.WorkflowExecutionCancelRequested, h => h.WorkflowExecutionCancelRequestedEventAttributes = new()
                {
                    Cause = c.Reason ?? string.Empty,
                    Identity = Identity,
                });
                break;
            default:
                throw new NotSupportedException($"{e.GetType().Name} is not converted.");
        }

        WorkflowTask(e.Time);
        foreach (var command in commands)
        {
            if (_closed)
            {
                break;
            }

            AddCommand(e.Time, command);
        }
    }

    /// <summary>Activity <paramref name="seq"/> ends: no longer pending, its (final) attempt started; returns both event ids.</summary>
    private (long Scheduled, long Started) ActivityStarted(DateTimeOffset time, int seq)
    {
        var scheduled = _activityScheduled[seq];
        _activityScheduled.Remove(seq);
        var started = Append(time, EventType.ActivityTaskStarted, h => h.ActivityTaskStartedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            Attempt = _activityFailures.GetValueOrDefault(seq) + 1,
            Identity = Identity,
            RequestId = RequestId(),
        });
        return (scheduled, started);
    }

    /// <summary>Scheduled, started and completed; the first completion records SDK flag 1 so replay checks activity types.</summary>
    private void WorkflowTask(DateTimeOffset time)
    {
        var first = _lastCompleted == 0;
        var scheduled = Append(time, EventType.WorkflowTaskScheduled, h => h.WorkflowTaskScheduledEventAttributes = new()
        {
            TaskQueue = Queue(Finance.Workflows.FlowEngineOptions.DefaultQueue),
            StartToCloseTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(10)),
            Attempt = 1,
        });
        var started = Append(time, EventType.WorkflowTaskStarted, h => h.WorkflowTaskStartedEventAttributes = new()
        {
            ScheduledEventId = scheduled,
            Identity = Identity,
            RequestId = RequestId(),
        });
        _lastCompleted = Append(time, EventType.WorkflowTaskCompleted, h =>
        {
            h.WorkflowTaskCompletedEventAttributes = new()
            {
                ScheduledEventId = scheduled,
                StartedEventId = started,
                Identity = Identity,
            };
            if (first)
            {
                h.WorkflowTaskCompletedEventAttributes.SdkMetadata = new WorkflowTaskCompletedMetadata { CoreUsedFlags = { 1 } };
            }
        });
    }

    private long Append(DateTimeOffset time, EventType type, Action<HistoryEvent> attributes)
    {
        var e = new HistoryEvent { EventId = _events.Count + 1, EventTime = Timestamp.FromDateTimeOffset(time), EventType = type };
        attributes(e);
        _events.Add(e);
        return e.EventId;
    }

    private TaskQueue Queue(string queue) => new() { Name = _prefix + queue, Kind = TaskQueueKind.Normal };

    /// <summary>Deterministic, so a regenerated golden history differs only where the run did.</summary>
    private string RequestId() => $"request-{_events.Count + 1}";

    private static string RunId => "00000000-0000-4000-8000-000000000001";

    private static string ChildRunId(string workflowId) => $"child-run-{workflowId}";

    private static Temporalio.Api.Common.V1.RetryPolicy RetryProto(Temporalio.Common.RetryPolicy p) => new()
    {
        InitialInterval = Duration.FromTimeSpan(p.InitialInterval),
        BackoffCoefficient = p.BackoffCoefficient,
        MaximumInterval = p.MaximumInterval is { } max ? Duration.FromTimeSpan(max) : null,
        MaximumAttempts = p.MaximumAttempts,
        NonRetryableErrorTypes = { p.NonRetryableErrorTypes ?? [] },
    };

    private static Payloads Payloads(object? value) => new() { Payloads_ = { Converter.ToPayload(value) } };

    private static Failure ApplicationFailure(string message, string type, bool nonRetryable = false) => new()
    {
        Message = message,
        Source = "JournalToHistory",
        ApplicationFailureInfo = new ApplicationFailureInfo { Type = type, NonRetryable = nonRetryable },
    };
}
