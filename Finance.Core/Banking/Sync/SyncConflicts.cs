using Dapper;
using Npgsql;

namespace Finance.Core.Banking.Sync;

/// <summary>A difference the sync kept for a person: one field of one record, both values, since when, and how it ended.</summary>
public sealed record SyncConflict(Guid Id, string Company, string Source, string Entity, string ExternalId, Guid? LocalId, string Field,
    string? TheirValue, string? OurValue, string Reason, DateTimeOffset DetectedAt, DateTimeOffset LastSeenAt, DateTimeOffset? ResolvedAt,
    string? ResolvedBy, string? Resolution);

/// <summary>What a run found that it would not decide alone; written in the run's transaction.</summary>
public sealed record NewSyncConflict(string Entity, string ExternalId, Guid? LocalId, string Field, string? TheirValue, string? OurValue, string Reason);

/// <summary>The <c>sync_conflicts</c> table: opened (or refreshed) by a run, resolved by a later run or a person, listed for review.</summary>
public sealed class SyncConflicts(NpgsqlDataSource dataSource)
{
    // The partial unique index keeps one open row per record and field: a repeat refreshes it.
    private const string Open = """
        INSERT INTO sync_conflicts (company_id, source, entity, external_id, local_id, field, their_value, our_value, reason, detected_at, last_seen_at)
        SELECT c.id, @source, @Entity, @ExternalId, @LocalId, @Field, @TheirValue, @OurValue, @Reason, @now, @now FROM companies c WHERE c.code = @company
        ON CONFLICT (company_id, source, entity, external_id, field) WHERE resolved_at IS NULL
        DO UPDATE SET local_id = EXCLUDED.local_id, their_value = EXCLUDED.their_value, our_value = EXCLUDED.our_value, reason = EXCLUDED.reason,
            last_seen_at = EXCLUDED.last_seen_at
        """;

    private const string ResolveRecord = """
        UPDATE sync_conflicts s SET resolved_at = @now, resolved_by = @by, resolution = @resolution
        FROM companies c WHERE c.id = s.company_id AND c.code = @company AND s.source = @source AND s.entity = @entity AND s.external_id = @externalId
          AND s.resolved_at IS NULL AND (@fields::text[] IS NULL OR s.field = ANY(@fields))
        """;

    private const string OpenRecords = """
        SELECT s.entity || ':' || s.external_id FROM sync_conflicts s JOIN companies c ON c.id = s.company_id
        WHERE c.code = @company AND s.source = @source AND s.resolved_at IS NULL AND s.field <> 'import'
        """;

    private const string List = """
        SELECT s.id, c.code AS company, s.source, s.entity, s.external_id, s.local_id, s.field, s.their_value, s.our_value, s.reason,
               s.detected_at, s.last_seen_at, s.resolved_at, s.resolved_by, s.resolution
        FROM sync_conflicts s JOIN companies c ON c.id = s.company_id
        WHERE (@companies::text[] IS NULL OR c.code = ANY(@companies)) AND (@open::boolean IS NULL OR (s.resolved_at IS NULL) = @open)
        ORDER BY s.resolved_at IS NOT NULL, s.detected_at DESC, s.id
        LIMIT @limit
        """;

    public static async Task OpenAsync(NpgsqlTransaction transaction, string company, string source, NewSyncConflict conflict, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var p = new DynamicParameters(conflict);
        p.AddDynamicParams(new { company, source, now });
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(Open, p, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Closes a record's open conflicts (all, or those of <paramref name="fields"/>); returns how many.</summary>
    public static Task<int> ResolveAsync(NpgsqlTransaction transaction, string company, string source, string entity, string externalId, string by,
        string resolution, DateTimeOffset now, CancellationToken cancellationToken, params string[] fields) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition(ResolveRecord, new
        {
            company, source, entity, externalId, by, resolution, now, fields = fields.Length == 0 ? null : fields,
        }, transaction, cancellationToken: cancellationToken));

    /// <summary>"entity:external id" of every record with an open conflict (an import refusal does not hold a record back).</summary>
    public static async Task<HashSet<string>> OpenRecordsAsync(NpgsqlTransaction transaction, string company, string source, CancellationToken cancellationToken) =>
        [.. await transaction.Connection!.QueryAsync<string>(new CommandDefinition(OpenRecords, new { company, source }, transaction, cancellationToken: cancellationToken))];

    /// <summary>Conflicts of <paramref name="companies"/> (null: every company), open first, newest first.</summary>
    public async Task<IReadOnlyList<SyncConflict>> ListAsync(IReadOnlyCollection<string>? companies, bool? open, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(List, new { companies = companies?.ToArray(), open, limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToConflict())];
    }

#pragma warning disable IDE1006, CA1812 // Dapper row shape mirrors the SQL column names.
    private sealed record Row(Guid id, string company, string source, string entity, string external_id, Guid? local_id, string field, string? their_value,
        string? our_value, string reason, DateTime detected_at, DateTime last_seen_at, DateTime? resolved_at, string? resolved_by, string? resolution)
    {
        public SyncConflict ToConflict() => new(id, company, source, entity, external_id, local_id, field, their_value, our_value, reason, Utc(detected_at),
            Utc(last_seen_at), resolved_at is { } r ? Utc(r) : null, resolved_by, resolution);

        private static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));
    }
#pragma warning restore IDE1006, CA1812
}
