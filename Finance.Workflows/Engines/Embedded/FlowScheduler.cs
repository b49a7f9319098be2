using System.Globalization;
using System.Text.Json.Nodes;
using Cronos;
using Dapper;
using Npgsql;

namespace Finance.Workflows.Engines.Embedded;

/// <summary>A cron schedule that starts <see cref="FlowId"/>; <see cref="Cron"/> has five fields, read in <see cref="TimeZone"/>.</summary>
public sealed record FlowSchedule(
    string Id, string FlowId, string Cron, string TimeZone = FlowScheduler.DefaultTimeZone, JsonObject? Input = null, string? Company = null);

/// <summary>A stored schedule and where it stands.</summary>
public sealed record FlowScheduleState(
    string Id, string FlowId, string Cron, string TimeZone, string? InputJson, string? CompanyCode, bool Paused, DateTime? NextFireAt, DateTime? LastFireAt);

/// <summary>
/// Cron schedules (DESIGN.md §3): each due fire time is claimed by inserting <c>(schedule_id, fire_time)</c> into
/// <c>flow_schedule_fires</c> in the transaction that starts the flow; the primary key makes the claim, and so the
/// start, happen exactly once however many workers run the scheduler. Missed fire times (all workers down) collapse
/// into one fire when a worker returns.
/// </summary>
public sealed class FlowScheduler
{
    public const string DefaultTimeZone = "Europe/Zurich";

    private readonly NpgsqlDataSource _dataSource;
    private readonly FlowRuntime _runtime;
    private readonly TimeProvider _timeProvider;

    internal FlowScheduler(NpgsqlDataSource dataSource, FlowRuntime runtime, TimeProvider timeProvider)
    {
        _dataSource = dataSource;
        _runtime = runtime;
        _timeProvider = timeProvider;
    }

    private const string Upsert = """
        INSERT INTO flow_schedules (id, flow_id, cron, time_zone, input, company_code, next_fire_at, created_at, updated_at)
        VALUES (@id, @flowId, @cron, @timeZone, @input::jsonb, @company, @next, @now, @now)
        ON CONFLICT (id) DO UPDATE SET flow_id = excluded.flow_id, cron = excluded.cron, time_zone = excluded.time_zone,
            input = excluded.input, company_code = excluded.company_code, next_fire_at = excluded.next_fire_at, updated_at = excluded.updated_at
        """;

    // Built-in schedules: created once; changed only when the code changes their cron, zone or flow, so a restart
    // neither unpauses them nor moves their next fire time (a fire missed while down still happens).
    private const string Ensure = """
        INSERT INTO flow_schedules (id, flow_id, cron, time_zone, input, company_code, next_fire_at, created_at, updated_at)
        VALUES (@id, @flowId, @cron, @timeZone, @input::jsonb, @company, @next, @now, @now)
        ON CONFLICT (id) DO UPDATE SET flow_id = excluded.flow_id, cron = excluded.cron, time_zone = excluded.time_zone,
            next_fire_at = excluded.next_fire_at, updated_at = excluded.updated_at
        WHERE (flow_schedules.flow_id, flow_schedules.cron, flow_schedules.time_zone) IS DISTINCT FROM (excluded.flow_id, excluded.cron, excluded.time_zone)
        """;

    private const string Columns = """
        id AS Id, flow_id AS FlowId, cron AS Cron, time_zone AS TimeZone, input::text AS InputJson, company_code AS CompanyCode,
               paused AS Paused, next_fire_at AS NextFireAt, last_fire_at AS LastFireAt
        """;

    private const string Select = $"SELECT {Columns} FROM flow_schedules";

    // The loser of a race blocks here until the winner commits, then conflicts and starts nothing.
    private const string Claim = """
        INSERT INTO flow_schedule_fires (schedule_id, fire_time, instance_id, claimed_at) VALUES (@id, @fireTime, @instanceId, @now)
        ON CONFLICT DO NOTHING
        """;

    /// <summary>Creates or replaces a schedule (by id); the next fire time is computed from now. Throws on a bad cron or zone.</summary>
    public Task UpsertAsync(FlowSchedule schedule, CancellationToken cancellationToken) => WriteAsync(Upsert, schedule, cancellationToken);

    /// <summary>Creates a built-in schedule if missing; touches an existing one only if its cron, zone or flow changed.</summary>
    public Task EnsureAsync(FlowSchedule schedule, CancellationToken cancellationToken) => WriteAsync(Ensure, schedule, cancellationToken);

    private async Task WriteAsync(string sql, FlowSchedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var next = NextAfter(schedule.Cron, schedule.TimeZone, _timeProvider.GetUtcNow());
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            id = schedule.Id,
            flowId = schedule.FlowId,
            cron = schedule.Cron,
            timeZone = schedule.TimeZone,
            input = schedule.Input?.ToJsonString(),
            company = schedule.Company,
            next,
            now = _timeProvider.GetUtcNow(),
        }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<FlowScheduleState>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<FlowScheduleState>(new CommandDefinition(Select + " ORDER BY id", cancellationToken: cancellationToken))];
    }

    /// <summary>One schedule as stored, e.g. for an access check; null when unknown.</summary>
    public async Task<FlowScheduleState?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<FlowScheduleState>(new CommandDefinition(
            Select + " WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Pauses; returns the schedule as now stored. Throws <see cref="FlowNotFoundException"/> for an unknown id.</summary>
    public Task<FlowScheduleState> PauseAsync(string id, CancellationToken cancellationToken) => SetPausedAsync(id, true, cancellationToken);

    /// <summary>Resumes; fire times missed while paused are skipped (the next one is computed from now). Returns the schedule as now stored.</summary>
    public Task<FlowScheduleState> ResumeAsync(string id, CancellationToken cancellationToken) => SetPausedAsync(id, false, cancellationToken);

    /// <summary>Starts the schedule's flow now, outside its cron times.</summary>
    public Task<FlowInstanceRef> TriggerNowAsync(string id, CancellationToken cancellationToken) =>
        _dataSource.InTransactionAsync(async tx =>
        {
            var schedule = await GetAsync(tx, id, cancellationToken) ?? throw new FlowNotFoundException($"No schedule '{id}'.");
            return await _runtime.StartAsync(tx, Request(schedule, $"{id}:manual:{Guid.CreateVersion7():N}"), null, cancellationToken);
        }, cancellationToken);

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

        await _runtime.StartAsync(tx, Request(schedule, instanceId), null, cancellationToken);
        await tx.Connection.ExecuteAsync(new CommandDefinition(
            "UPDATE flow_schedules SET last_fire_at = @fireTime, next_fire_at = @next, updated_at = @now WHERE id = @id",
            new { id, fireTime, next = NextAfter(schedule.Cron, schedule.TimeZone, now > fireTime ? now : fireTime), now },
            tx.Transaction, cancellationToken: cancellationToken));
        return 1;
    }

    private static StartFlowRequest Request(FlowScheduleState schedule, string instanceId) => new(
        schedule.FlowId,
        schedule.InputJson is null ? null : JsonNode.Parse(schedule.InputJson)!.AsObject(),
        schedule.CompanyCode,
        CorrelationId: schedule.Id,
        InstanceId: instanceId);

    private Task<FlowScheduleState> SetPausedAsync(string id, bool paused, CancellationToken cancellationToken) =>
        _dataSource.InTransactionAsync(async tx =>
        {
            var schedule = await GetAsync(tx, id, cancellationToken) ?? throw new FlowNotFoundException($"No schedule '{id}'.");
            var now = _timeProvider.GetUtcNow();
            return await tx.Connection.QuerySingleAsync<FlowScheduleState>(new CommandDefinition(
                $"UPDATE flow_schedules SET paused = @paused, next_fire_at = @next, updated_at = @now WHERE id = @id RETURNING {Columns}",
                new { id, paused, next = NextAfter(schedule.Cron, schedule.TimeZone, now), now }, tx.Transaction, cancellationToken: cancellationToken));
        }, cancellationToken);

    private static async Task<FlowScheduleState?> GetAsync(FlowTx tx, string id, CancellationToken cancellationToken) =>
        await tx.Connection.QuerySingleOrDefaultAsync<FlowScheduleState>(new CommandDefinition(
            Select + " WHERE id = @id", new { id }, tx.Transaction, cancellationToken: cancellationToken));

    /// <summary>The first fire time strictly after <paramref name="from"/>, in UTC.</summary>
    public static DateTimeOffset? NextAfter(string cron, string timeZone, DateTimeOffset from)
    {
        var expression = CronExpression.Parse(cron);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        return expression.GetNextOccurrence(from, zone)?.ToUniversalTime();
    }
}
