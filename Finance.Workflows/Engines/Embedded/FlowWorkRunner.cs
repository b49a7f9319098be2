// Over 300 lines (STYLE 22), knowingly for now: leasing, running, the shared heartbeat, recording outcomes and firing
// timers share the pipeline's state (held items, running activities, the recorder's group commit). Splitting it by job,
// with the host owning the heartbeat, is item 7 of the seams issue (11), done with the engine's own tests beside it.
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Finance.Workflows.Activities;
using Finance.Workflows.Interpreter;
using Finance.Workflows.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Finance.Workflows.Engines.Embedded;

/// <summary>An activity a worker holds the lease on.</summary>
public sealed record LeasedWorkItem(
    long Id, string InstanceId, string FlowId, string? CompanyCode, string ActivityName, string StepPath, int Seq,
    string IdempotencyKey, string InputJson, string RetryJson, long? TimeoutMs, int Attempt, string LeaseOwner, string Queue);

/// <summary>
/// The worker side of the embedded engine, without the loops (Finance.Workers runs those; tests call it directly):
/// lease due activities with <c>FOR UPDATE SKIP LOCKED</c>, run them, record the outcome in a second transaction if the
/// lease is still ours, retry with backoff, dead-letter after the last attempt; fire due timers.
/// </summary>
public sealed class FlowWorkRunner
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly FlowRuntime _runtime;
    private readonly ActivityCatalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly IOptions<FlowEngineOptions> _options;
    private readonly ILogger<FlowWorkRunner> _logger;

    internal FlowWorkRunner(NpgsqlDataSource dataSource, FlowRuntime runtime, ActivityCatalog catalog,
        TimeProvider timeProvider, IOptions<FlowEngineOptions> options, ILogger<FlowWorkRunner> logger)
    {
        _dataSource = dataSource;
        _runtime = runtime;
        _catalog = catalog;
        _timeProvider = timeProvider;
        _options = options;
        _logger = logger;
        // One bad outcome must not hold up the others: a batch that fails for a reason of its own is recorded one by one.
        _records = new(RecordWithReconnectAsync, MaxRecordBatch, RecordConcurrency);
    }

    /// <summary>
    /// The PostgreSQL notification channel the engine signals, with the queue as payload, when a transaction enqueues
    /// work nobody holds (a start, a next step on another queue, a released lease): workers LISTEN instead of polling.
    /// </summary>
    public const string WorkChannel = "finance_flow_work";

    /// <summary>This process's lease owner name: stable for its lifetime, unique across restarts.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}"[..^24];

    // A batch in one round trip. SKIP LOCKED lets any number of workers lease the same queue without waiting on each
    // other; run_at doubles as the lease expiry of active rows, so an expired lease is simply due again.
    // A lease need not survive a crash: if its commit is lost, the row is simply due again and runs again under the same
    // idempotency key — the very case leases exist for. So this statement's transaction commits without waiting for the
    // WAL flush (synchronous_commit off, set for this transaction only), saving an fsync per batch.
    private const string Lease = """
        WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true)),
        due AS (
            SELECT id FROM flow_work_items
            WHERE queue = @queue AND status IN ('waiting', 'active') AND run_at <= @now
            ORDER BY run_at
            LIMIT @max
            FOR UPDATE SKIP LOCKED)
        UPDATE flow_work_items w
        SET status = 'active', lease_owner = @owner, leased_at = @now,
            lease_until = @now + greatest(@lease, coalesce(w.timeout_ms, 0)::float8 * interval '1 millisecond' + interval '1 second'),
            run_at = @now + greatest(@lease, coalesce(w.timeout_ms, 0)::float8 * interval '1 millisecond' + interval '1 second'),
            updated_at = @now
        FROM due, flow_instances i, relaxed
        WHERE w.id = due.id AND i.id = w.instance_id
        RETURNING w.id AS Id, w.instance_id AS InstanceId, i.flow_id AS FlowId, i.company_code AS CompanyCode,
                  w.activity_name AS ActivityName, w.step_path AS StepPath, w.seq AS Seq, w.idempotency_key AS IdempotencyKey,
                  w.input::text AS InputJson, w.retry::text AS RetryJson, w.timeout_ms AS TimeoutMs, w.attempt AS Attempt,
                  w.lease_owner AS LeaseOwner, w.queue AS Queue
        """;

    private const string DueTimers = """
        SELECT id FROM flow_work_items
        WHERE queue = @queue AND status = 'waiting' AND run_at <= @now
        ORDER BY run_at
        LIMIT @max
        """;

    /// <summary>Leases up to <paramref name="max"/> due activities of <paramref name="queue"/>.</summary>
    public async Task<IReadOnlyList<LeasedWorkItem>> LeaseAsync(string queue, int max, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<LeasedWorkItem>(new CommandDefinition(Lease, new
        {
            queue,
            max,
            owner = WorkerId,
            now = _timeProvider.GetUtcNow(),
            lease = _options.Value.LeaseDuration,
        }, cancellationToken: cancellationToken));
        return [.. rows];
    }

    /// <summary>Gives back leased items that will not run here (shutdown, or held so long the lease is nearly over): due again at once.</summary>
    public async Task ReleaseAsync(IReadOnlyCollection<LeasedWorkItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var release = new NpgsqlBatchCommand("""
            UPDATE flow_work_items w SET status = 'waiting', lease_owner = NULL, lease_until = NULL, run_at = @now, updated_at = @now
            FROM unnest(@ids::bigint[], @owners::text[]) AS o(id, owner)
            WHERE w.id = o.id AND w.lease_owner = o.owner AND w.status = 'active'
            """);
        release.Parameters.AddWithValue("ids", items.Select(i => i.Id).ToArray());
        release.Parameters.AddWithValue("owners", items.Select(i => i.LeaseOwner).ToArray());
        release.Parameters.AddWithValue("now", _timeProvider.GetUtcNow());
        batch.BatchCommands.Add(release);
        batch.BatchCommands.Add(FlowWriteGroups.WakeCommand(items.Select(i => i.Queue)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Leases and runs one batch, waiting for all of it; returns how many ran. For tests and tools.</summary>
    public async Task<int> RunOnceAsync(string queue, int max, CancellationToken cancellationToken)
    {
        var items = await LeaseAsync(queue, max, cancellationToken);
        await Task.WhenAll(items.Select(i => ExecuteAsync(i, cancellationToken)));
        return items.Count;
    }

    /// <summary>Runs a leased activity and records the outcome; false when the outcome was not recorded (lease lost, shutdown).</summary>
    public async Task<bool> ExecuteAsync(LeasedWorkItem item, CancellationToken cancellationToken) =>
        await RunActivityAsync(item, cancellationToken) is { } outcome && (await RecordAsync(item, outcome, false, cancellationToken)).Recorded;

    /// <summary>
    /// Runs a leased activity and hands its outcome to the recorder without waiting for the commit: the returned task
    /// ends when the outcome is recorded (with the flow's next activity on this queue, now leased to this worker, if one
    /// is due at once). The caller's slot is free as soon as the activity finished, so activities keep running while
    /// earlier outcomes commit (the activity concurrency stays the queue's; the recording is the engine's own business).
    /// </summary>
    public async Task<Task<(bool Recorded, LeasedWorkItem? Next)>> RunAsync(LeasedWorkItem item, CancellationToken cancellationToken) =>
        await RunActivityAsync(item, cancellationToken) is { } outcome
            ? RecordAsync(item, outcome, true, cancellationToken)
            : Task.FromResult<(bool, LeasedWorkItem?)>((false, null));

    /// <summary>The activity's outcome; null when there is nothing to record (the lease was lost, or the worker stops).</summary>
    private async Task<Outcome?> RunActivityAsync(LeasedWorkItem item, CancellationToken cancellationToken)
    {
        Outcome outcome;
        try
        {
            if (!_catalog.TryGet(item.ActivityName, out var activity))
            {
                throw new NonRetryableActivityException($"No activity '{item.ActivityName}' is registered in this worker.");
            }

            // A timeout source only for activities that have one; the lease is kept by the shared heartbeat.
            using var timeout = item.TimeoutMs is { } ms ? new CancellationTokenSource(TimeSpan.FromMilliseconds(ms), _timeProvider) : null;
            // Not disposed: the heartbeat may cancel it after the activity returned (harmless then); it holds no timer.
            var leaseLost = new CancellationTokenSource();
            using var linked = timeout is null
                ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, leaseLost.Token)
                : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, leaseLost.Token);
            var running = new Running(item, leaseLost);
            _running[item.Id] = running;
            EnsureHeartbeat();
            try
            {
                var context = new ActivityContext(item.InstanceId, item.FlowId, item.StepPath, item.IdempotencyKey, item.Attempt,
                    JsonNode.Parse(item.InputJson)!.AsObject(), item.CompanyCode);
                outcome = new Outcome(await _catalog.RunAsync(activity, context, linked.Token), null, false);
            }
            catch (OperationCanceledException) when (leaseLost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning("Work item {WorkItemId} lost its lease while running; its activity was cancelled", item.Id);
                return null;
            }
            catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Activity '{item.ActivityName}' exceeded its start-to-close timeout of {item.TimeoutMs} ms.");
            }
            finally
            {
                _running.TryRemove(new KeyValuePair<long, Running>(item.Id, running));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null; // shutting down: the lease expires and a worker runs it again under the same key
        }
        catch (Exception e)
        {
            outcome = new Outcome(null, $"{e.GetType().Name}: {e.Message}", e is NonRetryableActivityException);
        }

        return outcome;
    }

    /// <summary>An activity running in this process, for the heartbeat.</summary>
    private sealed record Running(LeasedWorkItem Item, CancellationTokenSource LeaseLost);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, Running> _running = new();
    private int _heartbeating;

    private void EnsureHeartbeat()
    {
        if (Interlocked.CompareExchange(ref _heartbeating, 1, 0) == 0)
        {
            _ = Task.Run(HeartbeatAsync, CancellationToken.None);
        }
    }

    /// <summary>
    /// One heartbeat for all the activities running in this process: every third of
    /// <see cref="FlowEngineOptions.LeaseDuration"/> it extends their leases in one statement, so a long activity is not
    /// taken over by another worker. An activity whose row is no longer ours (its lease expired while this process was
    /// paused, and another worker took it) has its token cancelled. An unreachable database only skips a beat: if nobody
    /// re-leased the row meanwhile, the outcome is still ours to record. The loop ends when nothing runs.
    /// </summary>
    private async Task HeartbeatAsync()
    {
        const string extend = """
            UPDATE flow_work_items w SET lease_until = greatest(w.lease_until, @until), run_at = greatest(w.run_at, @until)
            FROM unnest(@ids::bigint[], @owners::text[]) AS o(id, owner)
            WHERE w.id = o.id AND w.lease_owner = o.owner AND w.status = 'active'
            RETURNING w.id
            """;
        var lease = _options.Value.LeaseDuration;
        while (true)
        {
            await Task.Delay(lease / 3, _timeProvider);
            var running = _running.Values.ToArray();
            if (running.Length == 0)
            {
                Volatile.Write(ref _heartbeating, 0);
                if (_running.IsEmpty || Interlocked.CompareExchange(ref _heartbeating, 1, 0) != 0)
                {
                    return; // an activity that starts from now on starts the heartbeat again
                }

                continue;
            }

            try
            {
                await using var connection = await _dataSource.OpenConnectionAsync();
                var extended = (await connection.QueryAsync<long>(new CommandDefinition(extend, new
                {
                    ids = running.Select(r => r.Item.Id).ToArray(),
                    owners = running.Select(r => r.Item.LeaseOwner).ToArray(),
                    until = _timeProvider.GetUtcNow() + lease,
                }))).ToHashSet();
                foreach (var lost in running.Where(r => !extended.Contains(r.Item.Id) && _running.ContainsKey(r.Item.Id)))
                {
                    await lost.LeaseLost.CancelAsync();
                }
            }
            catch (Exception e) when (FlowDb.IsTransient(e))
            {
                _logger.LogWarning(e, "Could not extend the leases of {Count} running work item(s)", running.Length);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "The lease heartbeat failed; trying again next beat");
            }
        }
    }

    /// <summary>
    /// Records an outcome together with whatever other outcomes are waiting (group commit): one transaction applies a
    /// batch of results, each to its own instance, so a batch costs one lock round trip, one write round trip and one
    /// commit (one WAL flush) however many steps it holds.
    /// </summary>
    private Task<(bool Recorded, LeasedWorkItem? Next)> RecordAsync(LeasedWorkItem item, Outcome outcome, bool continueFlow, CancellationToken cancellationToken) =>
        _records.SubmitAsync(new PendingRecord(item, outcome, continueFlow, cancellationToken));

    /// <summary>The most outcomes one transaction records.</summary>
    public const int MaxRecordBatch = 256;

    /// <summary>How many recording transactions one process runs side by side.</summary>
    public const int RecordConcurrency = 2;

    private readonly GroupCommit<PendingRecord, (bool Recorded, LeasedWorkItem? Next)> _records;

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
        var ours = await _runtime.LockLeasedAsync(tx, [.. batch.Select(b => b.Item.Id)], [.. batch.Select(b => b.Item.LeaseOwner)], cancellationToken);

        var results = new (bool Recorded, LeasedWorkItem? Next)[batch.Count];
        var continuing = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var (item, outcome, continueFlow, _) = batch[i];
            if (!ours.Remove(item.Id))
            {
                _logger.LogInformation("Work item {WorkItemId} was re-leased by another worker; dropping this run's outcome", item.Id);
                continue;
            }

            await ApplyOutcomeAsync(tx, item, outcome, cancellationToken);
            results[i] = (true, null);
            if (continueFlow)
            {
                continuing.TryAdd(item.InstanceId, i);
            }
        }

        if (continuing.Count == 0)
        {
            return results;
        }

        // The hand-off: in the transaction that records a step, the worker whose slot that step held takes its flow's next
        // activity on the same queue right away: the row goes in already leased to it, as BullMQ's moveToFinished returns
        // the next job. No lease round trip, no wake-up latency; the lease commits with the step, and a lost one is simply
        // due again when it expires.
        var handed = tx.Groups.LeaseNew(continuing.ToDictionary(c => c.Key, c => batch[c.Value].Item.Queue, StringComparer.Ordinal),
            WorkerId, _timeProvider.GetUtcNow(), _options.Value.LeaseDuration);
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
                instance.CompanyCode, a.Name, a.StepPath, a.Seq, a.Key, a.Input, a.Retry, a.TimeoutMs, a.Attempt, a.LeaseOwner!, a.Queue);
        }

        return results;
    }

    private async Task ApplyOutcomeAsync(FlowTx tx, LeasedWorkItem item, Outcome outcome, CancellationToken cancellationToken)
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
            Set(tx, item.Id, "waiting", outcome.Error, now + retry.NextDelay(item.Attempt), item.Attempt + 1, now);
            return;
        }

        Set(tx, item.Id, "dead", outcome.Error, now, null, now);
        tx.Groups.Event("flow.dead_lettered", item.CompanyCode, new
        {
            workItemId = item.Id,
            instanceId = item.InstanceId,
            flowId = item.FlowId,
            activity = item.ActivityName,
            stepPath = item.StepPath,
            attempts = item.Attempt,
            error = outcome.Error,
        }, now);
        _logger.LogWarning("Activity {Activity} of {InstanceId} dead-lettered after {Attempts} attempt(s): {Error}",
            item.ActivityName, item.InstanceId, item.Attempt, outcome.Error);
    }

    private sealed record PendingRecord(LeasedWorkItem Item, Outcome Outcome, bool ContinueFlow, CancellationToken CancellationToken);

    private static void Set(FlowTx tx, long id, string status, string? error, DateTimeOffset runAt, int? attempt, DateTimeOffset now) =>
        tx.Defer("""
            UPDATE flow_work_items
            SET status = @status, last_error = coalesce(@error, last_error), run_at = @runAt, attempt = coalesce(@attempt, attempt),
                -- A finished row keeps the worker that ran it (for the operator); a retry is up for grabs again.
                lease_owner = CASE WHEN @status = 'waiting' THEN NULL ELSE lease_owner END, lease_until = NULL, updated_at = @now
            WHERE id = @id
            """, new { id, status, error = (object?)error ?? DBNull.Value, runAt, attempt = (object?)attempt ?? DBNull.Value, now });

    /// <summary>
    /// Fires up to <paramref name="max"/> due timers, each in its own transaction with its instance; returns how many fired.
    /// A timer whose instance cannot take it (a bug, not an outage) is put off by a minute with the error noted, so it
    /// cannot hold up the timers behind it.
    /// </summary>
    public async Task<int> FireDueTimersAsync(int max, CancellationToken cancellationToken)
    {
        List<long> due;
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken))
        {
            due = [.. await connection.QueryAsync<long>(new CommandDefinition(DueTimers,
                new { queue = FlowRuntime.TimerQueue, now = _timeProvider.GetUtcNow(), max }, cancellationToken: cancellationToken))];
        }

        var fired = 0;
        foreach (var id in due)
        {
            try
            {
                fired += await _dataSource.InTransactionAsync(tx => FireTimerAsync(tx, id, cancellationToken), cancellationToken);
            }
            catch (Exception e) when (!FlowDb.IsTransient(e) && e is not OperationCanceledException)
            {
                _logger.LogError(e, "Timer work item {WorkItemId} could not be fired; trying again in a minute", id);
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE flow_work_items SET run_at = @later, last_error = @error, updated_at = @now WHERE id = @id",
                    new { id, later = _timeProvider.GetUtcNow().AddMinutes(1), error = e.Message, now = _timeProvider.GetUtcNow() },
                    cancellationToken: cancellationToken));
            }
        }

        return fired;
    }

    // Locked (not skipped) per timer: another poller that got here first has either fired it (status no longer
    // waiting) or is firing it (SKIP LOCKED passes it by).
    private async Task<int> FireTimerAsync(FlowTx tx, long id, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var timer = await tx.Connection.QuerySingleOrDefaultAsync<(string InstanceId, string TimerId)?>(new CommandDefinition("""
            SELECT instance_id, timer_id FROM flow_work_items WHERE id = @id AND status = 'waiting' AND run_at <= @now FOR UPDATE SKIP LOCKED
            """, new { id, now }, tx.Transaction, cancellationToken: cancellationToken));
        if (timer is not { } t)
        {
            return 0;
        }

        await _runtime.ApplyAsync(tx, t.InstanceId, new TimerFired(now, t.TimerId), cancellationToken);
        tx.Groups.Done(id, now);
        return 1;
    }

    private sealed record Outcome(JsonNode? Result, string? Error, bool NonRetryable);
}
