using System.Text.Json;
using System.Text.Json.Nodes;
using Finance.Workflows.Interpreter;
using Finance.Workflows.Model;
using Microsoft.Extensions.Logging;
using Temporalio.Converters;
using Temporalio.Exceptions;
using Temporalio.Workflows;

namespace Finance.Workflows.Engines.Temporal;

/// <summary>
/// Runs any flow definition with the same <see cref="FlowInterpreter"/> the embedded engine uses (DESIGN.md §3,
/// samples-dotnet Dsl/DslWorkflow). Deterministic: no DI, no clock but <see cref="Workflow.UtcNow"/>; every event
/// fed to the interpreter comes from Temporal history, so a replay rebuilds the same state and commands.
/// </summary>
[Workflow]
public sealed class FlowWorkflow
{
    /// <summary>Temporal activity type of the definition lookup a child flow runs first.</summary>
    public const string ResolveDefinitionActivity = "finance.flow.resolveDefinition";

    private readonly Queue<(string Name, JsonNode? Payload)> _signals = new();
    private readonly SortedDictionary<int, PendingTimerTask> _timers = [];
    private readonly Queue<FlowEvent> _synthetic = new();
    private FlowWorkflowInput _input = null!;
    private FlowDefinition? _definition;
    private FlowInstanceState? _state;
    private IReadOnlyDictionary<string, string> _queues = new Dictionary<string, string>();
    private (int Seq, Task<JsonNode?> Task, int MaxAttempts)? _activity;
    private (int Seq, Task<JsonNode?> Task)? _child;
    private CancellationTokenSource? _activityCancellation;
    private bool _cancelFed;

    /// <summary>The interpreter's <see cref="FlowInstanceState"/> as JSON (<see cref="FlowJson.Options"/>).</summary>
    [WorkflowQuery("state")]
    public string State => _state is null ? "null" : JsonSerializer.Serialize(_state, FlowJson.Options);

    [WorkflowRun]
    public async Task<JsonNode?> RunAsync(FlowWorkflowInput input)
    {
        _input = input;
        var definitionJson = input.DefinitionJson;
        _queues = input.ActivityQueues ?? new Dictionary<string, string>();
        if (definitionJson is null)
        {
            var resolved = await Workflow.ExecuteActivityAsync<ResolvedFlow>(
                ResolveDefinitionActivity,
                [input.FlowId, input.Version],
                new ActivityOptions
                {
                    ActivityId = "resolve-definition",
                    TaskQueue = input.TaskQueuePrefix + FlowEngineOptions.DefaultQueue,
                    StartToCloseTimeout = TimeSpan.FromSeconds(30),
                    RetryPolicy = new Temporalio.Common.RetryPolicy { MaximumAttempts = 5, NonRetryableErrorTypes = [nameof(FlowNotFoundException)] },
                });
            definitionJson = resolved.DefinitionJson;
            _queues = resolved.ActivityQueues;
        }

        _definition = FlowJson.Deserialize(definitionJson);
        _state = FlowInstanceState.Create(InstanceId, _definition);
        FlowEvent next = new FlowStarted(Now, input.Input);
        while (true)
        {
            var transition = FlowInterpreter.Default.Apply(_definition, _state, next);
            _state = transition.State;
            foreach (var command in transition.Commands)
            {
                switch (command)
                {
                    case CompleteFlow c:
                        return c.Output;
                    case FailFlow f:
                        throw new ApplicationFailureException(f.Reason, errorType: "FlowFailed", nonRetryable: true);
                    case CancelFlow c:
                        // Drop the pending activity; a waited-for child is terminated by its parent-close policy.
                        if (_activity is { Task.IsCompleted: false })
                        {
                            _activityCancellation?.Cancel();
                        }

                        throw new OperationCanceledException(c.Reason ?? "Flow cancelled.");
                    default:
                        await RunCommandAsync(command);
                        break;
                }
            }

            next = await NextEventAsync();
        }
    }

    /// <summary>Buffers every signal; the interpreter decides whether a wait consumes it or keeps it for later.</summary>
    [WorkflowSignal(Dynamic = true)]
    public Task OnSignalAsync(string signalName, IRawValue[] args)
    {
        var payload = args.Length > 0 ? Workflow.PayloadConverter.ToValue<JsonNode?>(args[0]) : null;
        _signals.Enqueue((signalName, payload));
        return Task.CompletedTask;
    }

    private string InstanceId => _input.InstanceId.Length > 0 ? _input.InstanceId : Workflow.Info.WorkflowId;

    private static DateTimeOffset Now => new(Workflow.UtcNow, TimeSpan.Zero);

    private async Task RunCommandAsync(FlowCommand command)
    {
        switch (command)
        {
            case ScheduleActivity a:
                var activityInput = new FlowActivityInput(InstanceId, _input.FlowId, a.StepPath, a.IdempotencyKey, a.Input, _input.Company);
                var queue = a.Queue ?? _queues.GetValueOrDefault(a.ActivityName) ?? FlowEngineOptions.DefaultQueue;
                // Cancelled only by a CancelFlow command, never implicitly by the workflow's cancellation.
                _activityCancellation = new CancellationTokenSource();
                _activity = (a.Seq, Workflow.ExecuteActivityAsync<JsonNode?>(a.ActivityName, [activityInput], new ActivityOptions
                {
                    ActivityId = a.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    TaskQueue = _input.TaskQueuePrefix + queue,
                    StartToCloseTimeout = a.StartToCloseTimeout ?? TemporalRetry.DefaultStartToCloseTimeout,
                    RetryPolicy = TemporalRetry.ToTemporal(a.Retry),
                    CancellationToken = _activityCancellation.Token,
                }), a.Retry.MaxAttempts);
                break;
            case StartTimer t:
                var delay = t.FireAt - Now;
                // Temporal rejects negative delays and creates no timer for zero; the interpreter always counts one.
                delay = delay < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : delay;
                var cts = new CancellationTokenSource();
                _timers[int.Parse(t.TimerId, System.Globalization.CultureInfo.InvariantCulture)] =
                    new PendingTimerTask(t.TimerId, Workflow.DelayAsync(delay, cts.Token), cts);
                break;
            case CancelTimer c:
                var id = int.Parse(c.TimerId, System.Globalization.CultureInfo.InvariantCulture);
                if (_timers.Remove(id, out var timer))
                {
                    timer.Cancellation.Cancel();
                }

                break;
            case AwaitSignal:
                // Signals are buffered by the handler and fed as they come; nothing to start.
                break;
            case StartChildFlow s:
                await StartChildAsync(s);
                break;
            default:
                throw new InvalidOperationException($"Unsupported command {command.GetType().Name}.");
        }
    }

    private async Task StartChildAsync(StartChildFlow s)
    {
        var childInput = new FlowWorkflowInput(
            s.ChildInstanceId, s.FlowId, Input: s.Input, Company: _input.Company, CorrelationId: _input.CorrelationId,
            TaskQueuePrefix: _input.TaskQueuePrefix);
        try
        {
            var handle = await Workflow.StartChildWorkflowAsync(
                (FlowWorkflow wf) => wf.RunAsync(childInput),
                new ChildWorkflowOptions
                {
                    Id = s.ChildInstanceId,
                    TaskQueue = _input.TaskQueuePrefix + FlowEngineOptions.DefaultQueue,
                    ParentClosePolicy = s.WaitForCompletion ? ParentClosePolicy.Terminate : ParentClosePolicy.Abandon,
                    CancellationToken = CancellationToken.None,
                });
            if (s.WaitForCompletion)
            {
                _child = (s.Seq, handle.GetResultAsync());
            }
        }
        catch (WorkflowAlreadyStartedException e) when (s.WaitForCompletion)
        {
            _synthetic.Enqueue(new ChildFlowFailed(Now, s.Seq, e.Message));
        }
        catch (WorkflowAlreadyStartedException e)
        {
            Workflow.Logger.LogWarning(e, "Child flow {ChildInstanceId} was already started", s.ChildInstanceId);
        }
    }

    /// <summary>Waits for the next thing that happened, checked in a fixed order so replays pick the same one.</summary>
    private async Task<FlowEvent> NextEventAsync()
    {
        while (true)
        {
            if (Workflow.CancellationToken.IsCancellationRequested && !_cancelFed)
            {
                _cancelFed = true;
                return new CancelRequested(Now, "Cancelled through Temporal.");
            }

            if (_synthetic.TryDequeue(out var synthetic))
            {
                return synthetic;
            }

            if (_signals.TryDequeue(out var signal))
            {
                return new SignalReceived(Now, signal.Name, signal.Payload);
            }

            if (_activity is { Task.IsCompleted: true } activity)
            {
                _activity = null;
                return await ActivityEventAsync(activity.Seq, activity.Task, activity.MaxAttempts);
            }

            foreach (var (id, timer) in _timers)
            {
                if (timer.Task.IsCompleted)
                {
                    _timers.Remove(id);
                    return new TimerFired(Now, timer.TimerId);
                }
            }

            if (_child is { Task.IsCompleted: true } child)
            {
                _child = null;
                return await ChildEventAsync(child.Seq, child.Task);
            }

            // The signal wait ends when a signal arrives, when the workflow is cancelled, or when something else won.
            using var wake = _cancelFed
                ? new CancellationTokenSource()
                : CancellationTokenSource.CreateLinkedTokenSource(Workflow.CancellationToken);
            var tasks = new List<Task> { Workflow.WaitConditionAsync(() => _signals.Count > 0, wake.Token) };
            if (_activity is { } a)
            {
                tasks.Add(a.Task);
            }

            tasks.AddRange(_timers.Values.Select(t => t.Task));
            if (_child is { } c)
            {
                tasks.Add(c.Task);
            }

            await Workflow.WhenAnyAsync(tasks);
            wake.Cancel();
        }
    }

    private static async Task<FlowEvent> ActivityEventAsync(int seq, Task<JsonNode?> task, int maxAttempts)
    {
        try
        {
            return new ActivityCompleted(Now, seq, await task);
        }
        catch (ActivityFailureException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            // Temporal retried inside the activity task; the failure carries no attempt count, only why retries stopped.
            var attempts = e.RetryState == Temporalio.Api.Enums.V1.RetryState.MaximumAttemptsReached ? maxAttempts : 1;
            return new ActivityFailed(Now, seq, message, attempts, IsFinal: true);
        }
    }

    private static async Task<FlowEvent> ChildEventAsync(int seq, Task<JsonNode?> task)
    {
        try
        {
            return new ChildFlowCompleted(Now, seq, await task);
        }
        catch (ChildWorkflowFailureException e)
        {
            return new ChildFlowFailed(Now, seq, e.InnerException?.Message ?? e.Message);
        }
    }

    private sealed record PendingTimerTask(string TimerId, Task Task, CancellationTokenSource Cancellation);
}
