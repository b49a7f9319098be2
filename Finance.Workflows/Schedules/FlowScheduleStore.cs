using System.Text.Json.Nodes;
using Cronos;
using Dapper;
using Finance.Workflows.Engines;
using Npgsql;

namespace Finance.Workflows.Schedules;

/// <summary>A cron schedule that starts <see cref="FlowId"/>; <see cref="Cron"/> has five fields, read in <see cref="TimeZone"/>.</summary>
public sealed record FlowSchedule(
    string Id, string FlowId, string Cron, string TimeZone = FlowScheduleStore.DefaultTimeZone, JsonObject? Input = null, string? Company = null);

/// <summary>A stored schedule and where it stands.</summary>
public sealed record FlowScheduleState(
    string Id, string FlowId, string Cron, string TimeZone, string? InputJson, string? CompanyCode, bool Paused, DateTime? NextFireAt, DateTime? LastFireAt);

/// <summary>
/// The flow schedules in PostgreSQL, whichever engine fires them: the embedded engine's <c>FlowScheduler</c> claims their
/// fire times here; on Temporal they are mirrored as Temporal Schedules. Built-in schedules and the admin API write here.
/// </summary>
public sealed class FlowScheduleStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    public const string DefaultTimeZone = "Europe/Zurich";

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

    internal const string Columns = """
        id AS Id, flow_id AS FlowId, cron AS Cron, time_zone AS TimeZone, input::text AS InputJson, company_code AS CompanyCode,
               paused AS Paused, next_fire_at AS NextFireAt, last_fire_at AS LastFireAt
        """;

    internal const string Select = $"SELECT {Columns} FROM flow_schedules";

    private const string SetPaused = $"""
        UPDATE flow_schedules SET paused = @paused, next_fire_at = @next, updated_at = @now WHERE id = @id RETURNING {Columns}
        """;

    /// <summary>Creates or replaces a schedule (by id); the next fire time is computed from now. Throws on a bad cron or zone.</summary>
    public Task UpsertAsync(FlowSchedule schedule, CancellationToken cancellationToken) => WriteAsync(Upsert, schedule, cancellationToken);

    /// <summary>Creates a built-in schedule if missing; touches an existing one only if its cron, zone or flow changed.</summary>
    public Task EnsureAsync(FlowSchedule schedule, CancellationToken cancellationToken) => WriteAsync(Ensure, schedule, cancellationToken);

    private async Task WriteAsync(string sql, FlowSchedule schedule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var next = NextAfter(schedule.Cron, schedule.TimeZone, timeProvider.GetUtcNow());
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            id = schedule.Id,
            flowId = schedule.FlowId,
            cron = schedule.Cron,
            timeZone = schedule.TimeZone,
            input = schedule.Input?.ToJsonString(),
            company = schedule.Company,
            next,
            now = timeProvider.GetUtcNow(),
        }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<FlowScheduleState>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<FlowScheduleState>(new CommandDefinition(Select + " ORDER BY id", cancellationToken: cancellationToken))];
    }

    /// <summary>One schedule as stored, e.g. for an access check; null when unknown.</summary>
    public async Task<FlowScheduleState?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<FlowScheduleState>(new CommandDefinition(
            Select + " WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Pauses or resumes; a resumed schedule skips the fire times missed while paused (the next one is computed from now).
    /// Returns the schedule as now stored. Throws <see cref="FlowNotFoundException"/> for an unknown id.
    /// </summary>
    public async Task<FlowScheduleState> SetPausedAsync(string id, bool paused, CancellationToken cancellationToken)
    {
        var schedule = await FindAsync(id, cancellationToken) ?? throw new FlowNotFoundException($"No schedule '{id}'.");
        var now = timeProvider.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<FlowScheduleState>(new CommandDefinition(
            SetPaused, new { id, paused, next = NextAfter(schedule.Cron, schedule.TimeZone, now), now }, cancellationToken: cancellationToken))
            ?? throw new FlowNotFoundException($"No schedule '{id}'.");
    }

    /// <summary>The request that starts <paramref name="schedule"/>'s flow as instance <paramref name="instanceId"/>.</summary>
    public static StartFlowRequest StartRequest(FlowScheduleState schedule, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return new(
            schedule.FlowId,
            schedule.InputJson is null ? null : JsonNode.Parse(schedule.InputJson)!.AsObject(),
            schedule.CompanyCode,
            CorrelationId: schedule.Id,
            InstanceId: instanceId);
    }

    /// <summary>The first fire time strictly after <paramref name="from"/>, in UTC.</summary>
    public static DateTimeOffset? NextAfter(string cron, string timeZone, DateTimeOffset from)
    {
        var expression = CronExpression.Parse(cron);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        return expression.GetNextOccurrence(from, zone)?.ToUniversalTime();
    }
}
