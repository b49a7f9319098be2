using Dapper;
using Finance.Workflows.Interpreter;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Finance.Workflows.Engines.Embedded;

/// <summary>Firing timers: due timer rows (the <see cref="FlowRuntime.TimerQueue"/>) become <see cref="TimerFired"/> events.</summary>
public sealed class FlowTimers
{
    private const string DueTimers = """
        SELECT id FROM flow_work_items
        WHERE queue = @queue AND status = 'waiting' AND run_at <= @now
        ORDER BY run_at
        LIMIT @max
        """;

    // Locked (not skipped) per timer: another poller that got here first has either fired it (status no longer
    // waiting) or is firing it (SKIP LOCKED passes it by).
    private const string LockDueTimer = """
        SELECT instance_id, timer_id FROM flow_work_items WHERE id = @id AND status = 'waiting' AND run_at <= @now FOR UPDATE SKIP LOCKED
        """;

    private const string PutOff = "UPDATE flow_work_items SET run_at = @later, last_error = @error, updated_at = @now WHERE id = @id";

    private readonly NpgsqlDataSource _dataSource;
    private readonly FlowRuntime _runtime;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FlowTimers> _logger;

    internal FlowTimers(NpgsqlDataSource dataSource, FlowRuntime runtime, TimeProvider timeProvider, ILogger<FlowTimers> logger)
    {
        _dataSource = dataSource;
        _runtime = runtime;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Fires up to <paramref name="max"/> due timers, each in its own transaction with its instance; returns how many fired.
    /// A timer whose instance cannot take it (a bug, not an outage) is put off by a minute with the error noted, so it
    /// cannot hold up the timers behind it.
    /// </summary>
    public async Task<int> FireDueAsync(int max, CancellationToken cancellationToken)
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
                fired += await _dataSource.InTransactionAsync(tx => FireAsync(tx, id, cancellationToken), cancellationToken);
            }
            catch (Exception e) when (!FlowDb.IsTransient(e) && e is not OperationCanceledException)
            {
                _logger.LogError(e, "Timer work item {WorkItemId} could not be fired; trying again in a minute", id);
                await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(PutOff,
                    new { id, later = _timeProvider.GetUtcNow().AddMinutes(1), error = e.Message, now = _timeProvider.GetUtcNow() },
                    cancellationToken: cancellationToken));
            }
        }

        return fired;
    }

    private async Task<int> FireAsync(FlowTx tx, long id, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var timer = await tx.Connection.QuerySingleOrDefaultAsync<(string InstanceId, string TimerId)?>(
            new CommandDefinition(LockDueTimer, new { id, now }, tx.Transaction, cancellationToken: cancellationToken));
        if (timer is not { } t)
        {
            return 0;
        }

        await _runtime.ApplyAsync(tx, t.InstanceId, new TimerFired(now, t.TimerId), cancellationToken);
        tx.Groups.Done(id, now);
        return 1;
    }
}
