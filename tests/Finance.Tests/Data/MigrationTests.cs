using Dapper;
using Finance.Core.Data;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Finance.Tests.Data;

public sealed class MigrationTests
{
    private const string SchemaSnapshot = """
        SELECT table_name || '.' || column_name || ':' || data_type || ':' || is_nullable
        FROM information_schema.columns WHERE table_schema = 'public'
        UNION ALL SELECT 'index:' || indexname FROM pg_indexes WHERE schemaname = 'public'
        UNION ALL SELECT 'company:' || code || ':' || name FROM companies
        UNION ALL SELECT 'account:' || iban || ':' || coalesce(qr_iban, '') FROM company_bank_accounts
        ORDER BY 1
        """;

    [Fact]
    public async Task Migrate_Twice_SecondRunAppliesNothingAndChangesNothing()
    {
        var postgres = await TestServers.Postgres;
        var connectionString = postgres.ConnectionString($"m_{Guid.NewGuid():N}");

        var first = await DatabaseMigrator.MigrateAsync(connectionString, FinanceModules.MigrationSources, NullLogger.Instance);
        var before = await SnapshotAsync(connectionString);
        var second = await DatabaseMigrator.MigrateAsync(connectionString, FinanceModules.MigrationSources, NullLogger.Instance);
        var after = await SnapshotAsync(connectionString);

        Assert.Contains(first, s => s.EndsWith("0001_companies.sql", StringComparison.Ordinal));
        Assert.Contains(first, s => s.EndsWith("0002_outbox.sql", StringComparison.Ordinal));
        Assert.Empty(second);
        Assert.Equal(before, after);
        Assert.Contains("company:ENKI_REALTY:Enki Realty SA", before);
    }

    [Fact]
    public async Task Migrate_ConcurrentSteps_ApplyEachScriptOnce()
    {
        var postgres = await TestServers.Postgres;
        var connectionString = await postgres.CreateDatabaseAsync($"m_{Guid.NewGuid():N}");

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => DatabaseMigrator.MigrateAsync(connectionString, FinanceModules.MigrationSources, NullLogger.Instance)));

        await using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(runs.Max(r => r.Count), runs.Sum(r => r.Count));
        Assert.Equal(runs.Sum(r => r.Count), await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schemaversions"));
    }

    [Fact]
    public async Task Migrate_SeedsFiveCompaniesWithDefaultChfAccounts()
    {
        var postgres = await TestServers.Postgres;
        var connectionString = postgres.ConnectionString($"m_{Guid.NewGuid():N}");
        await DatabaseMigrator.MigrateAsync(connectionString, FinanceModules.MigrationSources, NullLogger.Instance);

        await using var connection = new NpgsqlConnection(connectionString);
        var codes = await connection.QueryAsync<string>("SELECT code FROM companies ORDER BY id");
        var defaults = await connection.ExecuteScalarAsync<int>(
            "SELECT count(DISTINCT company_id) FROM company_bank_accounts WHERE is_default AND currency = 'CHF' AND qr_iban IS NOT NULL");

        Assert.Equal(["HYPERVISUAL", "DAINAMICS", "LEXAIA", "ENKI_REALTY", "TAKEOUT"], codes);
        Assert.Equal(5, defaults);
    }

    private static async Task<List<string>> SnapshotAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return [.. await connection.QueryAsync<string>(SchemaSnapshot)];
    }
}
