using System.Globalization;
using Dapper;
using Finance.Workflows.Schedules;
using Npgsql;

namespace Finance.Workflows.Engines.Embedded;

/// <summary>
/// The embedded engine's cron firing of the stored schedules (<see cref="FlowScheduleStore"/>, DESIGN.md §3): each due fire time is claimed by inserting <c>(schedule_id, fire_time)</c> into
/// <c>flow_schedule_fires</c> in the transaction that starts the flow; the primary key makes the claim, and so the
/// start, happen exactly once however many workers run the scheduler. Missed fire times (all workers down) collapse
/// into one fire when a worker returns.
/// </summary>
public sealed class FlowScheduler
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly FlowRuntime _runtime;
    private readonly TimeProvider _timeProvider;

    internal FlowScheduler(NpgsqlDataSource dataSource, FlowRuntime runtime, TimeProvider timeProvider)
    {
        _dataSource = dataSource;
        _runtime = runtime;
        _timeProvider = timeProvider;
    }

    // The loser of a race blocks here until the winner commits, then conflicts and starts nothing.
    private const string Claim = """
        INSERT INTO flow_schedule_fires (schedule_id, fire_time, instance_id, claimed_at) VALUES (@id, @fireTime, @instanceId, @now)
        ON CONFLICT DO NOTHING
        """;

    /// <summary>Claims and starts every due fire time; returns how many flows this call started.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        List<string> due;
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken))
        {
            due = [.. await connection.QueryAsync<string>(new CommandDefinition(
                "SELECT id FROM flow_schedules WHERE NOT paused AND next_fire_at <= @now ORDER BY next_fire_at", new { now }, cancellationToken: cancellationToken))];
        }

        var started = 0;
        foreach (var id in due)
        {
            started += await _dataSource.InTransactionAsync(tx => FireAsync(tx, id, now, cancellationToken), cancellationToken);
        }

        return started;
    }

    private async Task<int> FireAsync(FlowTx tx, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var schedule = await GetAsync(tx, id, cancellationToken);
        if (schedule is not { Paused: false, NextFireAt: { } fireAt } || fireAt > now.UtcDateTime)
        {
            return 0; // another worker fired it meanwhile
        }

        var fireTime = new DateTimeOffset(DateTime.SpecifyKind(fireAt, DateTimeKind.Utc));
        var instanceId = $"{id}:{fireTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        var claimed = await tx.Connection.ExecuteAsync(new CommandDefinition(Claim,
            new { id, fireTime, instanceId, now }, tx.Transaction, cancellationToken: cancellationToken));
        if (claimed == 0)
        {
            return 0;
        }

        await _runtime.StartAsync(tx, FlowScheduleStore.StartRequest(schedule, instanceId), null, cancellationToken);
        await tx.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE flow_schedules SET last_fire_at = @fireTime, next_fire_at = @next, updated_at = @now WHERE id = @id",
            new { id, fireTime, next = FlowScheduleStore.NextAfter(schedule.Cron, schedule.TimeZone, now > fireTime ? now : fireTime), now },
            tx.Transaction, cancellationToken: cancellationToken));
        return 1;
    }

    private static async Task<FlowScheduleState?> GetAsync(FlowTx tx, string id, CancellationToken cancellationToken) =>
        await tx.Connection.QuerySingleOrDefaultAsync<FlowScheduleState>(new CommandDefinition(
            FlowScheduleStore.Select + " WHERE id = @id", new { id }, tx.Transaction, cancellationToken: cancellationToken));
}
