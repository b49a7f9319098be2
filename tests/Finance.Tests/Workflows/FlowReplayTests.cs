using Finance.Workflows.Interpreter;
using Finance.Workflows.Model;
using static Finance.Tests.Workflows.FlowTestKit;

namespace Finance.Tests.Workflows;

public class FlowReplayTests
{
    private static FlowEvent[] DunningJournal() =>
    [
        Started(new { invoiceId = 7, email = "a@b.ch", amount = 5000 }),
        new ActivityCompleted(At(1), 1, Json("""{"number":"INV-7"}""")),
        new ActivityFailed(At(2), 2, "smtp", 1, false),
        new ActivityCompleted(At(3), 2, Json("true")),
        new SignalReceived(At(4), "unrelated", null),
        new TimerFired(At(20164), "1"),
    ];

    [Fact]
    public void Replay_SameJournalTwice_YieldsIdenticalCommandsAndState()
    {
        var definition = FlowTestKit.Dunning();

        var first = FlowInterpreter.Default.Replay(definition, "i-1", DunningJournal());
        var second = FlowInterpreter.Default.Replay(definition, "i-1", DunningJournal());

        Assert.Equal(Serialize(first.Commands), Serialize(second.Commands));
        Assert.Equal(Serialize(first.State), Serialize(second.State));
        Assert.Equal(6, first.Commands.Count);
        Assert.Equal(new FailFlow("not paid: INV-7"), first.Commands[^1]);
    }

    [Fact]
    public void Replay_FromSerializedStateMidway_MatchesUninterruptedRun()
    {
        var definition = FlowTestKit.Dunning();
        var journal = DunningJournal();
        var midway = FlowInterpreter.Default.Replay(definition, "i-1", journal[..3]).State;
        var restored = System.Text.Json.JsonSerializer.Deserialize<FlowInstanceState>(Serialize(midway), FlowJson.Options)!;

        var resumed = journal[3..].Aggregate(new FlowTransition(restored, []), (t, e) => FlowInterpreter.Default.Apply(definition, t.State, e));

        Assert.Equal(Serialize(FlowInterpreter.Default.Replay(definition, "i-1", journal).State), Serialize(resumed.State));
    }

    [Fact]
    public void Replay_JournalThroughJson_RoundTripsEvents()
    {
        var json = Serialize(DunningJournal());

        var events = System.Text.Json.JsonSerializer.Deserialize<FlowEvent[]>(json, FlowJson.Options)!;

        Assert.Equal(json, Serialize(events));
        Assert.IsType<TimerFired>(events[^1]);
    }
}
