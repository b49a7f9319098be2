using Dapper;
using Finance.Workflows.Runs;
using Npgsql;

namespace Finance.Workflows.Engines.Embedded;

/// <summary>One journal row: <see cref="Kind"/> <c>event</c> (a FlowEvent as JSON) or <c>engine</c> (an engine note).</summary>
public sealed record FlowJournalEntry(int Seq, string Kind, string EventJson, DateTime RecordedAt);

public sealed record FlowWorkItemView(
    long Id, string Kind, string Queue, string? ActivityName, string? StepPath, string? TimerId, int Attempt, string Status,
    DateTime RunAt, string? LeaseOwner, string? LastError, DateTime UpdatedAt);

/// <summary>An instance with its state (JSON), journal and work items.</summary>
public sealed record FlowInstanceDetails(
    FlowInstanceSummary Instance, string StateJson, IReadOnlyList<FlowJournalEntry> Journal, IReadOnlyList<FlowWorkItemView> WorkItems);

public sealed record FlowDeadLetter(
    long WorkItemId, string InstanceId, string FlowId, int Version, string? CompanyCode, string? CorrelationId, string Queue,
    string ActivityName, string StepPath, string IdempotencyKey, int Attempt, string? LastError, DateTime DeadAt);

/// <summary>
/// Per queue: <see cref="Waiting"/> due and not leased; <see cref="Active"/> leased; <see cref="Delayed"/> not yet due (backoff);
/// <see cref="Retrying"/> waiting after a failed attempt; <see cref="CompletedLastHour"/>; <see cref="FailedLastHour"/> dead-lettered in
/// the last hour; <see cref="DeadLettered"/> all dead letters; <see cref="OldestWaitingAge"/> how long the oldest due item has waited.
/// </summary>
public sealed record FlowQueueStats(
    string Queue, long Waiting, long Active, long Delayed, long Retrying, long CompletedLastHour, long FailedLastHour, long DeadLettered,
    TimeSpan? OldestWaitingAge);

/// <summary>The read side for the API (and the operator UI). Writes go through <see cref="EmbeddedFlowEngine"/>.</summary>
public sealed class FlowQueries(NpgsqlDataSource dataSource, TimeProvider timeProvider, Microsoft.Extensions.Options.IOptions<FlowEngineOptions> options)
{
    private const string InstanceColumns = """
        id AS Id, flow_id AS FlowId, version AS Version, status AS Status, company_code AS CompanyCode, correlation_id AS CorrelationId,
        parent_instance_id AS ParentInstanceId, created_at AS CreatedAt, updated_at AS UpdatedAt, finished_at AS FinishedAt
        """;

    public async Task<IReadOnlyList<FlowInstanceSummary>> ListInstancesAsync(FlowInstanceFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var sql = $"""
            SELECT {InstanceColumns} FROM flow_instances
            WHERE (@flowId::text IS NULL OR flow_id = @flowId)
              AND (@status::text IS NULL OR status = @status)
              AND (@company::text IS NULL OR company_code = @company)
              AND (@companies::text[] IS NULL OR company_code = ANY(@companies))
              AND (@correlationId::text IS NULL OR correlation_id = @correlationId)
              AND (@before::timestamptz IS NULL OR created_at < @before)
            ORDER BY created_at DESC, id
            LIMIT @limit
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<FlowInstanceSummary>(new CommandDefinition(sql, new
        {
            flowId = filter.FlowId,
            status = filter.Status,
            company = filter.Company,
            companies = filter.Companies?.ToArray(),
            correlationId = filter.CorrelationId,
            before = filter.CreatedBefore?.ToUniversalTime(),
            limit = Math.Clamp(filter.Limit, 1, 500),
        }, cancellationToken: cancellationToken))];
    }

    /// <summary>The instance row alone (no journal), e.g. for an access check; null when unknown.</summary>
    public async Task<FlowInstanceSummary?> FindInstanceAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<FlowInstanceSummary>(new CommandDefinition(
            $"SELECT {InstanceColumns} FROM flow_instances WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>The instance with journal and work items; null when unknown.</summary>
    public async Task<FlowInstanceDetails?> GetInstanceAsync(string id, CancellationToken cancellationToken)
    {
        // One round trip on one connection: the row, its state, the journal, the work items.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var grid = await connection.QueryMultipleAsync(new CommandDefinition($"""
            SELECT {InstanceColumns} FROM flow_instances WHERE id = @id;
            SELECT state::text FROM flow_instances WHERE id = @id;
            SELECT seq AS Seq, kind AS Kind, event::text AS EventJson, recorded_at AS RecordedAt FROM flow_journal WHERE instance_id = @id ORDER BY seq;
            SELECT id AS Id, kind AS Kind, queue AS Queue, activity_name AS ActivityName, step_path AS StepPath, timer_id AS TimerId,
                   attempt AS Attempt, status AS Status, run_at AS RunAt, lease_owner AS LeaseOwner, last_error AS LastError, updated_at AS UpdatedAt
            FROM flow_work_items WHERE instance_id = @id ORDER BY id;
            """, new { id }, cancellationToken: cancellationToken));
        var instance = await grid.ReadSingleOrDefaultAsync<FlowInstanceSummary>();
        var state = await grid.ReadSingleOrDefaultAsync<string>();
        var journal = await grid.ReadAsync<FlowJournalEntry>();
        var items = await grid.ReadAsync<FlowWorkItemView>();
        return instance is null ? null : new FlowInstanceDetails(instance, state!, [.. journal], [.. items]);
    }

    /// <summary>Dead letters, newest first; <paramref name="companies"/> (null: all) limits them to those companies' instances.</summary>
    public async Task<IReadOnlyList<FlowDeadLetter>> ListDeadLettersAsync(int limit, IReadOnlyCollection<string>? companies, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<FlowDeadLetter>(new CommandDefinition("""
            SELECT work_item_id AS WorkItemId, instance_id AS InstanceId, flow_id AS FlowId, version AS Version, company_code AS CompanyCode,
                   correlation_id AS CorrelationId, queue AS Queue, activity_name AS ActivityName, step_path AS StepPath,
                   idempotency_key AS IdempotencyKey, attempt AS Attempt, last_error AS LastError, dead_at AS DeadAt
            FROM flow_dead_letters
            WHERE @companies::text[] IS NULL OR company_code = ANY(@companies)
            ORDER BY dead_at DESC LIMIT @limit
            """, new { limit = Math.Clamp(limit, 1, 500), companies = companies?.ToArray() }, cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// Statistics for every configured queue (zeros included) and any other queue that has activities;
    /// <paramref name="companies"/> (null: the whole group) counts only those companies' instances.
    /// </summary>
    public async Task<IReadOnlyList<FlowQueueStats>> GetQueueStatsAsync(IReadOnlyCollection<string>? companies, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT queue AS Queue,
                   count(*) FILTER (WHERE status = 'waiting' AND run_at <= @now) AS Waiting,
                   count(*) FILTER (WHERE status = 'active') AS Active,
                   count(*) FILTER (WHERE status = 'waiting' AND run_at > @now) AS Delayed,
                   count(*) FILTER (WHERE status = 'waiting' AND last_error IS NOT NULL) AS Retrying,
                   count(*) FILTER (WHERE status = 'done' AND updated_at > @hourAgo) AS CompletedLastHour,
                   count(*) FILTER (WHERE status = 'dead' AND updated_at > @hourAgo) AS FailedLastHour,
                   count(*) FILTER (WHERE status = 'dead') AS DeadLettered,
                   min(run_at) FILTER (WHERE status = 'waiting' AND run_at <= @now) AS OldestDue
            FROM flow_work_items
            WHERE kind = 'activity' AND (status IN ('waiting', 'active', 'dead') OR updated_at > @hourAgo)
              AND (@companies::text[] IS NULL OR instance_id IN (SELECT id FROM flow_instances WHERE company_code = ANY(@companies)))
            GROUP BY queue
            """;
        var now = timeProvider.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<StatsRow>(new CommandDefinition(sql, new { now, hourAgo = now.AddHours(-1), companies = companies?.ToArray() }, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Queue, StringComparer.Ordinal);
        return [.. options.Value.Queues.Keys.Union(rows.Keys).Order(StringComparer.Ordinal).Select(queue => rows.TryGetValue(queue, out var r)
            ? new FlowQueueStats(queue, r.Waiting, r.Active, r.Delayed, r.Retrying, r.CompletedLastHour, r.FailedLastHour, r.DeadLettered,
                r.OldestDue is { } due ? now - new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : null)
            : new FlowQueueStats(queue, 0, 0, 0, 0, 0, 0, 0, null))];
    }

    private sealed record StatsRow(
        string Queue, long Waiting, long Active, long Delayed, long Retrying, long CompletedLastHour, long FailedLastHour, long DeadLettered, DateTime? OldestDue);
}
