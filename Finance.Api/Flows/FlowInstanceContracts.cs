using System.Text.Json.Nodes;
using Finance.Workflows.Engines;
using Finance.Workflows.Engines.Embedded;
using Finance.Workflows.Runs;

namespace Finance.Api.Flows;

/// <summary>
/// Starts the published version of <c>FlowId</c> (or the pinned <c>Version</c>); <c>CorrelationId</c> is a business key to
/// find the instance by, e.g. an invoice id.
/// </summary>
public sealed record StartFlowInstanceRequest(string FlowId, JsonObject? Input, string? Company, string? CorrelationId, int? Version = null);

public sealed record FlowInstanceRefResponse(string InstanceId, string FlowId, int Version)
{
    public static FlowInstanceRefResponse From(FlowInstanceRef r) => new(r.InstanceId, r.FlowId, r.Version);
}

public sealed record FlowInstanceResponse(
    string Id, string FlowId, int Version, string Status, string? Company, string? CorrelationId, string? ParentInstanceId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? FinishedAt)
{
    public static FlowInstanceResponse From(FlowInstanceSummary s) => new(
        s.Id, s.FlowId, s.Version, s.Status, s.CompanyCode, s.CorrelationId, s.ParentInstanceId,
        Utc(s.CreatedAt), Utc(s.UpdatedAt), s.FinishedAt is { } f ? Utc(f) : null);

    internal static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
}

/// <summary>
/// An instance with its input, its state and its timeline (oldest first), the same on both engines; <c>Engine</c> says
/// which answered. <c>Journal</c> and <c>WorkItems</c> are the embedded engine's own rows (empty on Temporal, whose
/// history the timeline is read from).
/// </summary>
public sealed record FlowInstanceDetailsResponse(
    FlowInstanceResponse Instance, string Engine, JsonNode? Input, JsonNode? State, FlowTimelineEntryResponse[] Timeline,
    FlowJournalEntryResponse[] Journal, FlowWorkItemResponse[] WorkItems)
{
    public static FlowInstanceDetailsResponse From(FlowInstanceView v) => new(
        FlowInstanceResponse.From(v.Instance), v.Engine, v.Input, v.State,
        [.. v.Timeline.Select(t => new FlowTimelineEntryResponse(t.Time, t.Kind, t.Seq, t.Step, t.Activity, t.Attempt, t.Detail, t.Data))],
        [.. v.Journal.Select(j => new FlowJournalEntryResponse(j.Seq, j.Kind, JsonNode.Parse(j.EventJson), FlowInstanceResponse.Utc(j.RecordedAt)))],
        [.. v.WorkItems.Select(FlowWorkItemResponse.From)]);
}

/// <summary>
/// One entry of an instance's history. <c>Kind</c>: started, activityScheduled, activityCompleted, activityFailed,
/// timerStarted, timerFired, signalReceived, childStarted, childCompleted, childFailed, cancelRequested, stepRetried,
/// completed, failed, cancelled. <c>Seq</c> pairs an activity's entries; <c>Detail</c> is a timer id, signal name, error or reason.
/// </summary>
public sealed record FlowTimelineEntryResponse(
    DateTimeOffset Time, string Kind, int? Seq, string? Step, string? Activity, int? Attempt, string? Detail, JsonNode? Data);

/// <summary>A journal row: <c>Kind</c> <c>event</c> (what the interpreter folded) or <c>engine</c> (an engine note, e.g. a retried step).</summary>
public sealed record FlowJournalEntryResponse(int Seq, string Kind, JsonNode? Event, DateTimeOffset RecordedAt);

public sealed record FlowWorkItemResponse(
    long Id, string Kind, string Queue, string? ActivityName, string? StepPath, string? TimerId, int Attempt, string Status,
    DateTimeOffset RunAt, string? LeaseOwner, string? LastError, DateTimeOffset UpdatedAt)
{
    public static FlowWorkItemResponse From(FlowWorkItemView w) => new(
        w.Id, w.Kind, w.Queue, w.ActivityName, w.StepPath, w.TimerId, w.Attempt, w.Status,
        FlowInstanceResponse.Utc(w.RunAt), w.LeaseOwner, w.LastError, FlowInstanceResponse.Utc(w.UpdatedAt));
}
