using Dapper;
using Npgsql;

namespace Finance.Tests.Api.Hardening;

/// <summary>Exact row counts of every table in the database: what "nothing was written" is checked against.</summary>
internal static class TableCounts
{
    public static async Task<Dictionary<string, long>> OfAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        var tables = await connection.QueryAsync<string>(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'schemaversions%'");
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            counts[table] = await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM \"{table}\"");
        }
        return counts;
    }

    public static void AssertSame(Dictionary<string, long> before, Dictionary<string, long> after, string what)
    {
        var changed = before.Where(kv => after[kv.Key] != kv.Value).Select(kv => $"{kv.Key} {kv.Value}→{after[kv.Key]}").ToList();
        Assert.True(changed.Count == 0, $"{what} wrote rows: {string.Join(", ", changed)}");
    }
}
