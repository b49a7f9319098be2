using Dapper;
using Npgsql;

namespace Finance.Tests.Api.Hardening;

/// <summary>
/// Row count and newest row version (<c>xmin</c>) of every table of the public schema (outbox and flow tables
/// included): an insert, an update or a delete changes one of the two, so equal snapshots mean nothing was written.
/// </summary>
public sealed class DatabaseSnapshot
{
    private readonly Dictionary<string, (long Rows, long Newest)> _tables;

    private DatabaseSnapshot(Dictionary<string, (long Rows, long Newest)> tables) => _tables = tables;

    /// <summary>One statement over every table, built once per database from information_schema.</summary>
    public static async Task<string> QueryAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var tables = await connection.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name");
        // xmin is the transaction that wrote the row version: the newest one moves on every insert and update.
        return string.Join(" UNION ALL ", tables.Select(t =>
            $"SELECT '{t}' AS name, count(*) AS rows, coalesce(max(xmin::text::bigint), 0) AS newest FROM public.\"{t}\""));
    }

    public static async Task<DatabaseSnapshot> TakeAsync(NpgsqlDataSource dataSource, string query)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var rows = await connection.QueryAsync<(string Name, long Rows, long Newest)>(query);
        return new(rows.ToDictionary(r => r.Name, r => (r.Rows, r.Newest)));
    }

    /// <summary>The tables written since <paramref name="before"/> (e.g. <c>customers +1 row</c>), or null when none was.</summary>
    public string? ChangesSince(DatabaseSnapshot before)
    {
        var changed = _tables.Where(t => before._tables[t.Key] != t.Value)
            .Select(t => t.Value.Rows == before._tables[t.Key].Rows
                ? $"{t.Key} updated"
                : $"{t.Key} {t.Value.Rows - before._tables[t.Key].Rows:+0;-0} rows")
            .ToList();
        return changed.Count == 0 ? null : string.Join(", ", changed);
    }
}
