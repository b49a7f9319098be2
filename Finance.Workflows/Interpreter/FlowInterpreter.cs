using Finance.Workflows.Expressions;
using Finance.Workflows.Model;

namespace Finance.Workflows.Interpreter;

/// <summary>The new state and the commands one event produced.</summary>
public sealed record FlowTransition(FlowInstanceState State, IReadOnlyList<FlowCommand> Commands);

/// <summary>
/// The pure flow interpreter (DESIGN.md §3): (definition, state, event) → (new state, commands).
/// No I/O, no clock (time comes from the event), no randomness, so replaying a journal of events
/// yields the same commands. Events that no longer match the state (a timer that lost its race with
/// a signal, a duplicate result, anything after the flow finished) are ignored: no commands.
/// </summary>
public sealed class FlowInterpreter(ExpressionEvaluator? evaluator = null)
{
    private readonly ExpressionEvaluator _evaluator = evaluator ?? ExpressionEvaluator.Default;

    public static FlowInterpreter Default { get; } = new();

    /// <summary>
    /// One step index per definition object: definitions are immutable and the engines keep one object per version, so
    /// the tree is walked once, not on every event.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<FlowDefinition, StepIndex> Indexes = [];

    /// <summary>Applies one event; <paramref name="state"/> is left unchanged.</summary>
    /// <exception cref="ArgumentException">The state belongs to another definition or version.</exception>
    public FlowTransition Apply(FlowDefinition definition, FlowInstanceState state, FlowEvent @event)
    {
        if (state.DefinitionId != definition.Id || state.DefinitionVersion != definition.Version)
        {
            throw new ArgumentException(
                $"Instance {state.InstanceId} runs {state.DefinitionId} v{state.DefinitionVersion}, not {definition.Id} v{definition.Version}.",
                nameof(definition));
        }

        var run = new FlowExecution(Indexes.GetValue(definition, d => new StepIndex(d)), state.Clone(), @event.Time, _evaluator);
        if (state.IsFinished || (state.Status == FlowStatus.NotStarted) != @event is FlowStarted)
        {
            return run.Result();
        }

        switch (@event)
        {
            case FlowStarted e:
                run.Start(e.Input);
                break;
            case ActivityCompleted e:
                run.OnActivityCompleted(e);
                break;
            case ActivityFailed e:
                run.OnActivityFailed(e);
                break;
            case TimerFired e:
                run.OnTimerFired(e);
                break;
            case SignalReceived e:
                run.OnSignal(e);
                break;
            case ChildFlowCompleted e:
                run.OnChildCompleted(e);
                break;
            case ChildFlowFailed e:
                run.OnChildFailed(e);
                break;
            case CancelRequested e:
                run.Cancel(e.Reason);
                break;
        }

        return run.Result();
    }

    /// <summary>Folds a whole journal from a fresh state: what a replay does.</summary>
    public FlowTransition Replay(FlowDefinition definition, string instanceId, IEnumerable<FlowEvent> events)
    {
        var state = FlowInstanceState.Create(instanceId, definition);
        var commands = new List<FlowCommand>();
        foreach (var e in events)
        {
            var transition = Apply(definition, state, e);
            state = transition.State;
            commands.AddRange(transition.Commands);
        }

        return new FlowTransition(state, commands);
    }
}
