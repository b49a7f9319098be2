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
        var postgres = await ServerAsync();
        ConnectionString = await postgres.CreateDatabaseAsync(DatabaseName);
        await DatabaseMigrator.MigrateAsync(ConnectionString, FinanceModules.MigrationSources, NullLogger.Instance);
        RedisConnectionString = (await TestServers.Redis).ConnectionString;
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    /// <summary>The cluster the database is created on: the run's shared one unless a fixture brings its own.</summary>
    protected virtual Task<PostgresServer> ServerAsync() => TestServers.Postgres;

    public virtual async Task DisposeAsync() => await DataSource.DisposeAsync();
}
