using System.Text.Json.Nodes;
using Finance.Workflows.Engines;

namespace Finance.Workflows.Runs;

/// <summary>
/// What the API, the run-history UI and the dashboard read and steer, on either engine (<c>Workflows:Engine</c> picks the
/// implementation): list and filter instances, one instance with its state and timeline, and retry of the step that
/// failed it. Start, signal and cancel are <see cref="IFlowEngine"/>'s.
/// </summary>
public interface IFlowInstances
{
    /// <summary><c>embedded</c> or <c>temporal</c>: what answered, shown with an instance.</summary>
    string Engine { get; }

    /// <summary>Newest first; the filter's <see cref="FlowInstanceFilter.Companies"/> leaves out other companies' instances.</summary>
    Task<IReadOnlyList<FlowInstanceSummary>> ListAsync(FlowInstanceFilter filter, CancellationToken cancellationToken);

    /// <summary>The instance alone, e.g. for an access check; null when unknown.</summary>
    Task<FlowInstanceSummary?> FindAsync(string id, CancellationToken cancellationToken);

    /// <summary>The instance with its input, state and timeline; null when unknown.</summary>
    Task<FlowInstanceView?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Runs the step that failed the instance again (attempts start over) and lets the flow go on from there.
    /// </summary>
    /// <exception cref="FlowInstanceNotFoundException">Unknown instance.</exception>
    /// <exception cref="FlowConflictException">The instance did not fail on a step, or moved on since.</exception>
    Task RetryAsync(string id, CancellationToken cancellationToken);
}

/// <summary>The instance statuses both engines report, as stored and as the API writes them.</summary>
public static class FlowInstanceStatus
{
    /// <summary>Executing, or waiting for an activity result. On Temporal every open instance is <c>running</c>.</summary>
    public const string Running = "running";

    /// <summary>Blocked on a timer, a signal or a child flow (embedded engine).</summary>
    public const string Waiting = "waiting";

    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> All { get; } = [Running, Waiting, Completed, Failed, Cancelled];
}

/// <summary>
/// Filters for <see cref="IFlowInstances.ListAsync"/>; null means any. <see cref="CreatedBefore"/> pages (newest first).
/// <see cref="Companies"/> limits to those company codes (the caller's companies claim); instances without a company are left out.
/// </summary>
public sealed record FlowInstanceFilter(
    string? FlowId = null, string? Status = null, string? Company = null, string? CorrelationId = null,
    DateTimeOffset? CreatedBefore = null, int Limit = 50, IReadOnlyCollection<string>? Companies = null);

/// <summary>An instance as listed; times are UTC.</summary>
public sealed record FlowInstanceSummary(
    string Id, string FlowId, int Version, string Status, string? CompanyCode, string? CorrelationId, string? ParentInstanceId,
    DateTime CreatedAt, DateTime UpdatedAt, DateTime? FinishedAt);

/// <summary>
/// One instance in full. <see cref="Timeline"/> is the engine-neutral history (oldest first); <see cref="State"/> is the
/// interpreter's state (null when the engine cannot give it, e.g. Temporal with no worker to answer the query).
/// <see cref="Journal"/> and <see cref="WorkItems"/> are the embedded engine's own rows (empty on Temporal).
/// </summary>
public sealed record FlowInstanceView(
    FlowInstanceSummary Instance,
    string Engine,
    JsonNode? Input,
    JsonNode? State,
    IReadOnlyList<FlowTimelineEntry> Timeline,
    IReadOnlyList<Engines.Embedded.FlowJournalEntry> Journal,
    IReadOnlyList<Engines.Embedded.FlowWorkItemView> WorkItems);

/// <summary>
/// One thing that happened to an instance. <see cref="Seq"/> numbers an activity or child flow within the instance
/// (it pairs a scheduled entry with its result); <see cref="Detail"/> is a timer id, a signal name, an error or a reason.
/// </summary>
public sealed record FlowTimelineEntry(
    DateTimeOffset Time,
    string Kind,
    int? Seq = null,
    string? Step = null,
    string? Activity = null,
    int? Attempt = null,
    string? Detail = null,
    JsonNode? Data = null);

/// <summary>The kinds of <see cref="FlowTimelineEntry"/>; the same on both engines.</summary>
public static class FlowTimelineKind
{
    public const string Started = "started";
    public const string ActivityScheduled = "activityScheduled";
    public const string ActivityCompleted = "activityCompleted";
    public const string ActivityFailed = "activityFailed";
    public const string TimerStarted = "timerStarted";
    public const string TimerFired = "timerFired";
    public const string SignalReceived = "signalReceived";
    public const string ChildStarted = "childStarted";
    public const string ChildCompleted = "childCompleted";
    public const string ChildFailed = "childFailed";
    public const string CancelRequested = "cancelRequested";
    public const string StepRetried = "stepRetried";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}
