using System.Text.Json;
using Finance.Workflows.Interpreter;
using Finance.Workflows.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Finance.Workflows.Diagnostics;

namespace Finance.Workflows.Engines.Embedded;

/// <summary>
/// Recording results, in a second transaction and only if the lease is still ours: an outcome is recorded together with
/// whatever other outcomes are waiting (group commit), one transaction applying a batch of results, each to its own
/// instance, so a batch costs one lock round trip, one write round trip and one commit (one WAL flush) however many steps
/// it holds. A failure is retried with backoff, or dead-lettered after the last attempt.
/// </summary>
internal sealed class FlowOutcomeRecorder
{
    /// <summary>The most outcomes one transaction records.</summary>
    public const int MaxBatch = 256;

    /// <summary>How many recording transactions one process runs side by side.</summary>
    public const int Concurrency = 2;

    private readonly NpgsqlDataSource _dataSource;
    private readonly FlowRuntime _runtime;
    private readonly FlowLeases _leases;
    private readonly TimeProvider _timeProvider;
    private readonly IOptions<FlowEngineOptions> _options;
    private readonly ILogger<FlowOutcomeRecorder> _logger;
    private readonly GroupCommit<PendingRecord, (bool Recorded, LeasedWorkItem? Next)> _records;

    public FlowOutcomeRecorder(NpgsqlDataSource dataSource, FlowRuntime runtime, FlowLeases leases, TimeProvider timeProvider,
        IOptions<FlowEngineOptions> options, ILogger<FlowOutcomeRecorder> logger)
    {
        _dataSource = dataSource;
        _runtime = runtime;
        _leases = leases;
        _timeProvider = timeProvider;
        _options = options;
        _logger = logger;
        // One bad outcome must not hold up the others: a batch that fails for a reason of its own is recorded one by one.
        _records = new(RecordWithReconnectAsync, MaxBatch, Concurrency);
    }

    private sealed record PendingRecord(LeasedWorkItem Item, ActivityOutcome Outcome, bool ContinueFlow, CancellationToken CancellationToken);

    /// <summary>
    /// Records <paramref name="outcome"/>; the task ends when it committed. With <paramref name="continueFlow"/>, the flow's
    /// next activity on the item's queue, if one is due at once, comes back leased to this worker.
    /// </summary>
    public Task<(bool Recorded, LeasedWorkItem? Next)> RecordAsync(
        LeasedWorkItem item, ActivityOutcome outcome, bool continueFlow, CancellationToken cancellationToken) =>
        _records.SubmitAsync(new PendingRecord(item, outcome, continueFlow, cancellationToken));

    /// <summary>
    /// Records a batch, retrying while PostgreSQL is unreachable for up to the lease duration; after that another
    /// worker may already have re-leased it, and the activity runs again (it is idempotent under its key).
    /// </summary>
    private async Task<(bool Recorded, LeasedWorkItem? Next)[]> RecordWithReconnectAsync(List<PendingRecord> batch)
    {
        var cancellationToken = batch[0].CancellationToken;
        var deadline = _timeProvider.GetUtcNow() + _options.Value.LeaseDuration;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await _dataSource.InTransactionAsync(tx => RecordBatchAsync(tx, batch, cancellationToken), cancellationToken);
            }
            catch (Exception e) when (FlowDb.IsTransient(e) && _timeProvider.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning(e, "Recording {Count} work item(s) failed; retrying in {Delay}", batch.Count, delay);
                await Task.Delay(delay, _timeProvider, cancellationToken);
                delay = Finance.Core.Backoff.Next(delay, TimeSpan.FromMilliseconds(100), _options.Value.MaxReconnectInterval);
            }
        }
    }

    private async Task<(bool Recorded, LeasedWorkItem? Next)[]> RecordBatchAsync(FlowTx tx, List<PendingRecord> batch, CancellationToken cancellationToken)
    {
        var ours = await FlowRuntime.LockLeasedAsync(tx, [.. batch.Select(b => b.Item.Id)], [.. batch.Select(b => b.Item.LeaseOwner)], cancellationToken);

        var results = new (bool Recorded, LeasedWorkItem? Next)[batch.Count];
        var continuing = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var (item, outcome, continueFlow, _) = batch[i];
            if (!ours.Remove(item.Id))
            {
                if (_logger.IsEnabled(LogLevel.Information)) _logger.LogInformation("Work item {WorkItemId} was re-leased by another worker; dropping this run's outcome", item.Id);
                continue;
            }

            await ApplyAsync(tx, item, outcome, cancellationToken);
            results[i] = (true, null);
            if (continueFlow)
            {
                continuing.TryAdd(item.InstanceId, i);
            }
        }

        return continuing.Count == 0 ? results : await HandOverAsync(tx, batch, continuing, results, cancellationToken);
    }

    /// <summary>
    /// The hand-off: in the transaction that records a step, the worker whose slot that step held takes its flow's next
    /// activity on the same queue right away: the row goes in already leased to it, as BullMQ's moveToFinished returns
    /// the next job. No lease round trip, no wake-up latency; the lease commits with the step, and a lost one is simply
    /// due again when it expires.
    /// </summary>
    private async Task<(bool Recorded, LeasedWorkItem? Next)[]> HandOverAsync(FlowTx tx, List<PendingRecord> batch,
        Dictionary<string, int> continuing, (bool Recorded, LeasedWorkItem? Next)[] results, CancellationToken cancellationToken)
    {
        var handed = tx.Groups.LeaseNew(continuing.ToDictionary(c => c.Key, c => batch[c.Value].Item.Queue, StringComparer.Ordinal),
            _leases.WorkerId, _timeProvider.GetUtcNow(), _options.Value.LeaseDuration);
        if (handed.Count == 0)
        {
            return results;
        }

        // The insert returns the new rows' ids; the rest of each handed-over item is what this transaction just wrote.
        var ids = (await tx.FlushAndReadAsync<(long Id, string InstanceId, int Seq)>("new_seq", cancellationToken))
            .ToDictionary(r => (r.InstanceId, r.Seq), r => r.Id);
        foreach (var a in handed)
        {
            var instance = tx.Locked[a.InstanceId];
            results[continuing[a.InstanceId]].Next = new LeasedWorkItem(ids[(a.InstanceId, a.Seq)], a.InstanceId, instance.FlowId,
                instance.CompanyCode, a.Name, a.StepPath, a.Seq, a.Key, a.Input, a.Retry, a.TimeoutMs, a.Attempt, a.LeaseOwner!, a.Queue,
                instance.Version, instance.TraceParent);
        }

        return results;
    }

    private async Task ApplyAsync(FlowTx tx, LeasedWorkItem item, ActivityOutcome outcome, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        if (outcome.Error is null)
        {
            await _runtime.ApplyAsync(tx, item.InstanceId, new ActivityCompleted(now, item.Seq, outcome.Result), cancellationToken);
            tx.Groups.Done(item.Id, now);
            return;
        }

        var retry = JsonSerializer.Deserialize<RetryPolicy>(item.RetryJson, FlowJson.Options)!;
        var isFinal = outcome.NonRetryable || !retry.AllowsRetryAfter(item.Attempt);
        await _runtime.ApplyAsync(tx, item.InstanceId, new ActivityFailed(now, item.Seq, outcome.Error, item.Attempt, isFinal), cancellationToken);
        if (!isFinal)
        {
            SetStatus(tx, item.Id, FlowWorkItemStatus.Waiting, outcome.Error, now + retry.NextDelay(item.Attempt), item.Attempt + 1, now);
            return;
        }

        SetStatus(tx, item.Id, FlowWorkItemStatus.Dead, outcome.Error, now, null, now);
        tx.Groups.Event("flow.dead_lettered", item.CompanyCode, new
        {
            workItemId = item.Id,
            instanceId = item.InstanceId,
            flowId = item.FlowId,
            activity = item.ActivityName,
            stepPath = item.StepPath,
            attempts = item.Attempt,
            error = outcome.Error,
        }, now, item.TraceParent);
        FlowTelemetry.DeadLettered.Add(1, FlowTelemetry.Tags(item));
        _logger.LogWarning("Activity {Activity} of {InstanceId} dead-lettered after {Attempts} attempt(s): {Error}",
            item.ActivityName, item.InstanceId, item.Attempt, outcome.Error);
    }

    private static void SetStatus(FlowTx tx, long id, string status, string? error, DateTimeOffset runAt, int? attempt, DateTimeOffset now) =>
        tx.Defer("""
            UPDATE flow_work_items
            SET status = @status, last_error = coalesce(@error, last_error), run_at = @runAt, attempt = coalesce(@attempt, attempt),
                -- A finished row keeps the worker that ran it (for the operator); a retry is up for grabs again.
                lease_owner = CASE WHEN @status = 'waiting' THEN NULL ELSE lease_owner END, lease_until = NULL, updated_at = @now
            WHERE id = @id
            """, new { id, status, error = (object?)error ?? DBNull.Value, runAt, attempt = (object?)attempt ?? DBNull.Value, now });
}
