using System.Text.Json.Nodes;
using Finance.Workflows.Engines;
using Finance.Workflows.Engines.Embedded;

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

/// <summary>An instance with its state, its journal (oldest first) and its work items.</summary>
public sealed record FlowInstanceDetailsResponse(
    FlowInstanceResponse Instance, JsonNode? State, FlowJournalEntryResponse[] Journal, FlowWorkItemResponse[] WorkItems)
{
    public static FlowInstanceDetailsResponse From(FlowInstanceDetails d) => new(
        FlowInstanceResponse.From(d.Instance), JsonNode.Parse(d.StateJson),
        [.. d.Journal.Select(j => new FlowJournalEntryResponse(j.Seq, j.Kind, JsonNode.Parse(j.EventJson), FlowInstanceResponse.Utc(j.RecordedAt)))],
        [.. d.WorkItems.Select(FlowWorkItemResponse.From)]);
}

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
