using Dapper;
using Finance.Core.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Finance.Tests.Infrastructure;

/// <summary>A fresh, migrated database and a private Redis key prefix for one test class (STYLE.md 18).</summary>
public class DatabaseFixture : IAsyncLifetime
{
    public string DatabaseName { get; } = $"t_{Guid.NewGuid():N}";

    public string ConnectionString { get; private set; } = "";

    public string RedisConnectionString { get; protected set; } = "";

    public string RedisKeyPrefix { get; } = $"test:{Guid.NewGuid():N}:";

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        var postgres = await TestServers.Postgres;
        ConnectionString = await postgres.CreateDatabaseAsync(DatabaseName);
        await DatabaseMigrator.MigrateAsync(ConnectionString, NullLogger.Instance);
        RedisConnectionString = (await TestServers.Redis).ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>Outbox events of <paramref name="type"/> whose payload has <paramref name="field"/> = <paramref name="value"/>.</summary>
    public async Task<int> OutboxCountAsync(string type, string field, string value)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM outbox WHERE type = @type AND payload->>@field = @value", new { type, field, value });
    }

    public virtual async Task DisposeAsync() => await DataSource.DisposeAsync();
}
