namespace Finance.Workflows.Engines.Embedded;

/// <summary>
/// The worker side of the embedded engine, without the loops (Finance.Workers runs those; tests call it directly): it
/// leases due activities (<see cref="FlowLeases"/>), runs them (<see cref="FlowActivityRunner"/>, their leases kept by the
/// host's <see cref="FlowLeaseHeartbeat"/>) and records each outcome in a second transaction if the lease is still ours
/// (<see cref="FlowOutcomeRecorder"/>: retry with backoff, dead-letter after the last attempt). Timers are
/// <see cref="FlowTimers"/>' job.
/// </summary>
public sealed class FlowWorkRunner
{
    private readonly FlowLeases _leases;
    private readonly FlowActivityRunner _activities;
    private readonly FlowOutcomeRecorder _recorder;

    internal FlowWorkRunner(FlowLeases leases, FlowActivityRunner activities, FlowOutcomeRecorder recorder)
    {
        _leases = leases;
        _activities = activities;
        _recorder = recorder;
    }

    /// <summary>
    /// The PostgreSQL notification channel the engine signals, with the queue as payload, when a transaction enqueues
    /// work nobody holds (a start, a next step on another queue, a released lease): workers LISTEN instead of polling.
    /// </summary>
    public const string WorkChannel = "finance_flow_work";

    /// <summary>This process's lease owner name: stable for its lifetime, unique across restarts.</summary>
    public string WorkerId => _leases.WorkerId;

    /// <summary>Leases up to <paramref name="max"/> due activities of <paramref name="queue"/>.</summary>
    public Task<IReadOnlyList<LeasedWorkItem>> LeaseAsync(string queue, int max, CancellationToken cancellationToken) =>
        _leases.LeaseAsync(queue, max, cancellationToken);

    /// <summary>Gives back leased items that will not run here (shutdown, or held so long the lease is nearly over): due again at once.</summary>
    public Task ReleaseAsync(IReadOnlyCollection<LeasedWorkItem> items, CancellationToken cancellationToken) =>
        _leases.ReleaseAsync(items, cancellationToken);

    /// <summary>Leases and runs one batch, waiting for all of it; returns how many ran. For tests and tools.</summary>
    public async Task<int> RunOnceAsync(string queue, int max, CancellationToken cancellationToken)
    {
        var items = await LeaseAsync(queue, max, cancellationToken);
        await Task.WhenAll(items.Select(i => ExecuteAsync(i, cancellationToken)));
        return items.Count;
    }

    /// <summary>Runs a leased activity and records the outcome; false when the outcome was not recorded (lease lost, shutdown).</summary>
    public async Task<bool> ExecuteAsync(LeasedWorkItem item, CancellationToken cancellationToken) =>
        await _activities.RunAsync(item, cancellationToken) is { } outcome
        && (await _recorder.RecordAsync(item, outcome, false, cancellationToken)).Recorded;

    /// <summary>
    /// Runs a leased activity and hands its outcome to the recorder without waiting for the commit: the returned task
    /// ends when the outcome is recorded (with the flow's next activity on this queue, now leased to this worker, if one
    /// is due at once). The caller's slot is free as soon as the activity finished, so activities keep running while
    /// earlier outcomes commit (the activity concurrency stays the queue's; the recording is the engine's own business).
    /// </summary>
    public async Task<Task<(bool Recorded, LeasedWorkItem? Next)>> RunAsync(LeasedWorkItem item, CancellationToken cancellationToken) =>
        await _activities.RunAsync(item, cancellationToken) is { } outcome
            ? _recorder.RecordAsync(item, outcome, true, cancellationToken)
            : Task.FromResult<(bool, LeasedWorkItem?)>((false, null));
}
