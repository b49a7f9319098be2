using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Finance.Workflows.Engines.Embedded;

/// <summary>An activity a worker holds the lease on.</summary>
public sealed record LeasedWorkItem(
    long Id, string InstanceId, string FlowId, string? CompanyCode, string ActivityName, string StepPath, int Seq,
    string IdempotencyKey, string InputJson, string RetryJson, long? TimeoutMs, int Attempt, string LeaseOwner, string Queue,
    int Version = 0, string? TraceParent = null);

/// <summary>
/// Leasing: takes due activities of a queue with <c>FOR UPDATE SKIP LOCKED</c>, and gives back the ones that will not run
/// here. The lease owner is this process (<see cref="WorkerId"/>).
/// </summary>
internal sealed class FlowLeases(NpgsqlDataSource dataSource, TimeProvider timeProvider, IOptions<FlowEngineOptions> options)
{
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
                  w.lease_owner AS LeaseOwner, w.queue AS Queue, i.version AS Version, i.trace_parent AS TraceParent
        """;

    // Only rows still leased to the owner that gives them back: a row another worker took over meanwhile stays its.
    private const string Release = """
        UPDATE flow_work_items w SET status = 'waiting', lease_owner = NULL, lease_until = NULL, run_at = @now, updated_at = @now
        FROM unnest(@ids::bigint[], @owners::text[]) AS released(id, lease_owner)
        WHERE w.id = released.id AND w.lease_owner = released.lease_owner AND w.status = 'active'
        """;

    public async Task<IReadOnlyList<LeasedWorkItem>> LeaseAsync(string queue, int max, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<LeasedWorkItem>(new CommandDefinition(Lease, new
        {
            queue,
            max,
            owner = WorkerId,
            now = timeProvider.GetUtcNow(),
            lease = options.Value.LeaseDuration,
        }, cancellationToken: cancellationToken));
        return [.. rows];
    }

    /// <summary>Leased items that will not run here become due again at once, and their queues' workers are woken.</summary>
    public async Task ReleaseAsync(IReadOnlyCollection<LeasedWorkItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        var release = new NpgsqlBatchCommand(Release);
        release.Parameters.AddWithValue("ids", items.Select(i => i.Id).ToArray());
        release.Parameters.AddWithValue("owners", items.Select(i => i.LeaseOwner).ToArray());
        release.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
        batch.BatchCommands.Add(release);
        batch.BatchCommands.Add(FlowWriteGroups.WakeCommand(items.Select(i => i.Queue)));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
