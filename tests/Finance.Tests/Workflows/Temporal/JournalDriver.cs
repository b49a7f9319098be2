using System.Text.Json.Nodes;
using Finance.Workflows.Activities;
using Finance.Workflows.Interpreter;
using Finance.Workflows.Model;

namespace Finance.Tests.Workflows.Temporal;

/// <summary>
/// Runs a flow the way the embedded engine does and returns its journal: the interpreter's events in order, with
/// times from a simulated clock. Activities answer a minute after they are scheduled (retries after the policy's
/// delay), timers fire at their time, child flows finish two minutes after they start, signals arrive when given.
/// </summary>
internal static class JournalDriver
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// <paramref name="activity"/> answers one attempt and throws to fail it (<see cref="NonRetryableActivityException"/>
    /// ends retries); <paramref name="signals"/> arrive at their offset from the start; <paramref name="child"/> gives a
    /// waited-for child flow's output; <paramref name="cancelAt"/> requests cancellation.
    /// </summary>
    public static List<FlowEvent> Run(
        FlowDefinition definition,
        JsonObject? input,
        Func<ScheduleActivity, int, JsonNode?> activity,
        IEnumerable<(TimeSpan At, string Name, JsonNode? Payload)>? signals = null,
        Func<StartChildFlow, JsonNode?>? child = null,
        TimeSpan? cancelAt = null)
    {
        var pendingSignals = new Queue<(TimeSpan At, string Name, JsonNode? Payload)>((signals ?? []).OrderBy(s => s.At));
        var journal = new List<FlowEvent>();
        var state = FlowInstanceState.Create("inst-1", definition);
        (ScheduleActivity Command, int Attempt, DateTimeOffset Due)? pendingActivity = null;
        var timers = new SortedDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        (StartChildFlow Command, DateTimeOffset Due)? pendingChild = null;
        FlowEvent next = new FlowStarted(T0, input is null ? null : (JsonObject)input.DeepClone());
        for (var guard = 0; guard < 1000; guard++)
        {
            journal.Add(next);
            var transition = FlowInterpreter.Default.Apply(definition, state, next);
            state = transition.State;
            var now = next.Time;
            foreach (var command in transition.Commands)
            {
                switch (command)
                {
                    case ScheduleActivity a:
                        pendingActivity = (a, 1, now.AddMinutes(1));
                        break;
                    case StartTimer t:
                        timers[t.TimerId] = t.FireAt;
                        break;
                    case CancelTimer c:
                        timers.Remove(c.TimerId);
                        break;
                    case StartChildFlow s when s.WaitForCompletion:
                        pendingChild = (s, now.AddMinutes(2));
                        break;
                }
            }

            if (state.IsFinished)
            {
                return journal;
            }

            var candidates = new List<(DateTimeOffset Due, int Order)>();
            if (cancelAt is { } cancel)
            {
                candidates.Add((T0 + cancel, -1));
            }

            if (pendingSignals.TryPeek(out var signal))
            {
                candidates.Add((T0 + signal.At, 0));
            }

            if (pendingActivity is { } pa)
            {
                candidates.Add((pa.Due, 1));
            }

            if (timers.Count > 0)
            {
                candidates.Add((timers.Values.Min(), 2));
            }

            if (pendingChild is { } pc)
            {
                candidates.Add((pc.Due, 3));
            }

            if (candidates.Count == 0)
            {
                throw new InvalidOperationException("The flow waits for nothing the driver can deliver.");
            }

            var (due, order) = candidates.MinBy(c => (c.Due, c.Order));
            switch (order)
            {
                case -1:
                    next = new CancelRequested(due, "operator");
                    cancelAt = null;
                    break;
                case 0:
                    var s = pendingSignals.Dequeue();
                    next = new SignalReceived(due, s.Name, s.Payload?.DeepClone());
                    break;
                case 1:
                    var (command, attempt, _) = pendingActivity!.Value;
                    try
                    {
                        next = new ActivityCompleted(due, command.Seq, activity(command, attempt));
                        pendingActivity = null;
                    }
                    catch (Exception e)
                    {
                        var final = e is NonRetryableActivityException || !command.Retry.AllowsRetryAfter(attempt);
                        next = new ActivityFailed(due, command.Seq, e.Message, attempt, final);
                        pendingActivity = final ? null : (command, attempt + 1, due + command.Retry.NextDelay(attempt));
                    }

                    break;
                case 2:
                    var timer = timers.First(t => t.Value == due);
                    timers.Remove(timer.Key);
                    next = new TimerFired(due, timer.Key);
                    break;
                default:
                    next = new ChildFlowCompleted(due, pendingChild!.Value.Command.Seq, child?.Invoke(pendingChild.Value.Command));
                    pendingChild = null;
                    break;
            }
        }

        throw new InvalidOperationException("The flow did not finish within 1000 events.");
    }
}
