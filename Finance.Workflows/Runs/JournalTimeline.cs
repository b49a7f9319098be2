using System.Text.Json;
using System.Text.Json.Nodes;
using Finance.Workflows.Engines.Embedded;
using Finance.Workflows.Interpreter;
using Finance.Workflows.Model;

namespace Finance.Workflows.Runs;

/// <summary>
/// The timeline of an embedded-engine instance: its journal (what happened) replayed through the interpreter, which gives
/// back what the flow did in answer (activities scheduled, timers started, children started, the end). The interpreter
/// is deterministic, so this is what the engine did; every attempt of an activity shows, not only the last.
/// </summary>
public static class JournalTimeline
{
    public static IReadOnlyList<FlowTimelineEntry> Build(FlowDefinition? definition, string instanceId, IEnumerable<FlowJournalEntry> journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var timeline = new List<FlowTimelineEntry>();
        var scheduled = new Dictionary<int, (string Step, string Activity)>();
        var children = new Dictionary<int, string>();
        var folded = new List<(string Kind, string Json)>();
        var state = definition is null ? null : FlowInstanceState.Create(instanceId, definition);
        foreach (var row in journal)
        {
            folded.Add((row.Kind, row.EventJson));
            var time = new DateTimeOffset(DateTime.SpecifyKind(row.RecordedAt, DateTimeKind.Utc));
            if (row.Kind != "event")
            {
                var note = JsonNode.Parse(row.EventJson);
                if ((string?)note?["type"] == JournalFold.StepRetried && note!["seq"] is { } seqNode)
                {
                    var seq = (int)seqNode;
                    var named = scheduled.GetValueOrDefault(seq);
                    timeline.Add(new FlowTimelineEntry(time, FlowTimelineKind.StepRetried, seq, named.Step, named.Activity));
                    // The retried step's final failure no longer counts: the state is the fold without it (as the engine keeps it).
                    state = definition is null ? null : FlowInterpreter.Default.Replay(definition, instanceId, JournalFold.Events(folded)).State;
                }
                continue;
            }

            var @event = JsonSerializer.Deserialize<FlowEvent>(row.EventJson, FlowJson.Options)!;
            timeline.Add(EventEntry(@event, scheduled, children));
            if (definition is null || state is null)
            {
                continue;
            }

            var transition = FlowInterpreter.Default.Apply(definition, state, @event);
            state = transition.State;
            foreach (var command in transition.Commands)
            {
                if (CommandEntry(@event.Time, command) is { } entry)
                {
                    timeline.Add(entry);
                }

                if (command is ScheduleActivity a)
                {
                    scheduled[a.Seq] = (a.StepPath, a.ActivityName);
                }
                else if (command is StartChildFlow child)
                {
                    children[child.Seq] = child.ChildInstanceId;
                }
            }
        }

        return timeline;
    }

    private static FlowTimelineEntry EventEntry(
        FlowEvent @event, Dictionary<int, (string Step, string Activity)> scheduled, Dictionary<int, string> children) => @event switch
    {
        FlowStarted s => new(s.Time, FlowTimelineKind.Started, Data: s.Input?.DeepClone()),
        ActivityCompleted c => Activity(c.Time, FlowTimelineKind.ActivityCompleted, c.Seq, scheduled) with { Data = c.Result?.DeepClone() },
        ActivityFailed f => Activity(f.Time, FlowTimelineKind.ActivityFailed, f.Seq, scheduled) with
        {
            Attempt = f.Attempt,
            Detail = f.Error,
            Data = new JsonObject { ["final"] = f.IsFinal },
        },
        TimerFired t => new(t.Time, FlowTimelineKind.TimerFired, Detail: t.TimerId),
        SignalReceived s => new(s.Time, FlowTimelineKind.SignalReceived, Detail: s.Name, Data: s.Payload?.DeepClone()),
        ChildFlowCompleted c => new(c.Time, FlowTimelineKind.ChildCompleted, Detail: children.GetValueOrDefault(c.Seq), Data: c.Output?.DeepClone()),
        ChildFlowFailed f => new(f.Time, FlowTimelineKind.ChildFailed, Detail: f.Reason),
        CancelRequested c => new(c.Time, FlowTimelineKind.CancelRequested, Detail: c.Reason),
        _ => new(@event.Time, @event.GetType().Name),
    };

    private static FlowTimelineEntry Activity(DateTimeOffset time, string kind, int seq, Dictionary<int, (string Step, string Activity)> scheduled)
    {
        var named = scheduled.GetValueOrDefault(seq);
        return new FlowTimelineEntry(time, kind, seq, named.Step, named.Activity);
    }

    private static FlowTimelineEntry? CommandEntry(DateTimeOffset time, FlowCommand command) => command switch
    {
        ScheduleActivity a => new(time, FlowTimelineKind.ActivityScheduled, a.Seq, a.StepPath, a.ActivityName, a.Attempt, Data: a.Input.DeepClone()),
        StartTimer t => new(time, FlowTimelineKind.TimerStarted, Detail: t.TimerId, Data: new JsonObject { ["fireAt"] = t.FireAt }),
        StartChildFlow c => new(time, FlowTimelineKind.ChildStarted, Detail: c.FlowId, Data: new JsonObject { ["instanceId"] = c.ChildInstanceId }),
        CompleteFlow c => new(time, FlowTimelineKind.Completed, Data: c.Output?.DeepClone()),
        FailFlow f => new(time, FlowTimelineKind.Failed, Detail: f.Reason),
        CancelFlow c => new(time, FlowTimelineKind.Cancelled, Detail: c.Reason),
        _ => null, // AwaitSignal and CancelTimer change nothing a reader of the history needs
    };
}
