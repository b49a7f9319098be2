using Finance.Tests.Workflows.Golden;
using Finance.Workflows.Engines.Embedded;
using Finance.Workflows.Engines.Temporal;
using Finance.Workflows.Runs;
using Temporalio.Common;

namespace Finance.Tests.Workflows.Runs;

/// <summary>
/// The run history answers the same on both engines: for every golden run (a real embedded run and the Temporal history
/// of the same run), the timeline read from the journal and the one read from the Temporal history list the same steps.
/// </summary>
public sealed class TimelineParityTests
{
    public static TheoryData<string> Goldens() => [.. GoldenRun.Names()];

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Timeline_GoldenRun_SameOnBothEngines(string name)
    {
        var golden = GoldenRun.Load(name);

        var embedded = Embedded(golden);
        var temporal = TemporalTimeline.Build(WorkflowHistory.FromJson(golden.InstanceId, golden.HistoryJson()).Events);

        // Temporal retries an activity inside one scheduled/failed pair: only the final failure is in its history.
        Assert.Equal(
            embedded.Where(e => !(e.Kind == FlowTimelineKind.ActivityFailed && e.Data?["final"]?.GetValue<bool>() == false)).Select(Shape),
            temporal.Select(Shape));
        Assert.True(temporal.Count >= 2, "a started entry and what followed");
        Assert.All(temporal.Where(e => e.Kind == FlowTimelineKind.ActivityScheduled), e => Assert.False(string.IsNullOrEmpty(e.Step)));
    }

    [Fact]
    public void Timeline_EmbeddedRetriedSmtp_ShowsEveryAttemptWithItsError()
    {
        var golden = GoldenRun.Load(GoldenRun.Names().Single(n => n.Contains("smtp-retried", StringComparison.Ordinal)));

        var failures = Embedded(golden).Where(e => e.Kind == FlowTimelineKind.ActivityFailed).ToList();

        Assert.NotEmpty(failures);
        Assert.All(failures, f => Assert.False(string.IsNullOrEmpty(f.Detail)));
        Assert.Equal(Enumerable.Range(1, failures.Count), failures.Select(f => f.Attempt!.Value));
    }

    [Fact]
    public void Timeline_EveryGolden_StartsWithStartedAndEndsWithItsStatus()
    {
        foreach (var golden in GoldenRun.All())
        {
            var timeline = Embedded(golden);

            Assert.Equal(FlowTimelineKind.Started, timeline[0].Kind);
            var state = golden.State;
            var status = (string?)state["status"];
            var last = timeline[^1].Kind;
            Assert.True(status switch
            {
                "completed" => last == FlowTimelineKind.Completed,
                "failed" => last == FlowTimelineKind.Failed,
                "cancelled" => last == FlowTimelineKind.Cancelled,
                _ => last is not (FlowTimelineKind.Completed or FlowTimelineKind.Failed or FlowTimelineKind.Cancelled),
            }, $"{golden.Name}: status {status}, last timeline entry {last}");
        }
    }

    internal static IReadOnlyList<FlowTimelineEntry> Embedded(GoldenRun golden) => JournalTimeline.Build(
        golden.ParsedDefinition(), golden.InstanceId,
        golden.Journal.Select(r => new FlowJournalEntry(r.Seq, r.Kind, r.Event.ToJsonString(), DateTime.UnixEpoch)));

    private static string Shape(FlowTimelineEntry e) => e.Kind switch
    {
        FlowTimelineKind.ActivityScheduled or FlowTimelineKind.ActivityCompleted or FlowTimelineKind.ActivityFailed => $"{e.Kind} {e.Seq} {e.Step} {e.Activity}",
        FlowTimelineKind.TimerStarted or FlowTimelineKind.TimerFired or FlowTimelineKind.SignalReceived or FlowTimelineKind.ChildStarted
            or FlowTimelineKind.ChildCompleted => $"{e.Kind} {e.Detail}",
        _ => e.Kind,
    };
}
