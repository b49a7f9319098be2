using Dapper;
using Npgsql;

namespace Finance.Tests.Infrastructure;

public static class DataSourceExtensions
{
    /// <summary>Runs a query of one number (<c>SELECT count(*) …</c>) and returns it.</summary>
    public static async Task<long> CountAsync(this NpgsqlDataSource dataSource, string sql, object? parameters = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    /// <summary>Outbox events of <paramref name="type"/> whose payload has <paramref name="field"/> = <paramref name="value"/>.</summary>
    public static Task<long> OutboxCountAsync(this NpgsqlDataSource dataSource, string type, string field, string value) =>
        dataSource.CountAsync("SELECT count(*) FROM outbox WHERE type = @type AND payload->>@field = @value", new { type, field, value });

    /// <summary>Outbox events of <paramref name="type"/> about one invoice (payload <c>invoiceId</c>).</summary>
    public static Task<long> OutboxCountAsync(this NpgsqlDataSource dataSource, string type, Guid invoiceId) =>
        dataSource.OutboxCountAsync(type, "invoiceId", invoiceId.ToString());
}
