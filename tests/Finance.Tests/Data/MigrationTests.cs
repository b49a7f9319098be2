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

    [Fact]
    public async Task Migrate_ModulesInAnyOrder_AppliesOneSeriesByNumberJournaledByFileName()
    {
        var postgres = await TestServers.Postgres;
        var connectionString = postgres.ConnectionString($"m_{Guid.NewGuid():N}");

        var applied = await DatabaseMigrator.MigrateAsync(connectionString, FinanceModules.MigrationSources.Reverse(), NullLogger.Instance);

        await using var connection = new NpgsqlConnection(connectionString);
        var journal = (await connection.QueryAsync<string>("SELECT scriptname FROM schemaversions ORDER BY schemaversionsid")).ToList();
        Assert.Equal(applied.Order(StringComparer.Ordinal), applied);
        Assert.All(applied, name => Assert.Matches(@"^\d{4}_[a-z0-9_]+\.sql$", name));
        Assert.Equal(applied, journal);
        // One script of each module, from three folders in two assemblies, interleaved by number.
        Assert.Equal(["0001_companies.sql", "0003_flows.sql", "0010_invoicing.sql"],
            applied.Where(n => n is "0001_companies.sql" or "0003_flows.sql" or "0010_invoicing.sql"));
    }

    [Fact]
    public async Task Migrate_JournalWithResourceNamesOfBeforeModules_RecognisesEveryScriptAndAppliesNothing()
    {
        var postgres = await TestServers.Postgres;
        var connectionString = postgres.ConnectionString($"m_{Guid.NewGuid():N}");
        var first = await DatabaseMigrator.MigrateAsync(connectionString, FinanceModules.MigrationSources, NullLogger.Instance);
        await using var connection = new NpgsqlConnection(connectionString);
        // What a database migrated before modules holds: every script journaled under its resource name in Finance.Core.
        await connection.ExecuteAsync("UPDATE schemaversions SET scriptname = 'Finance.Core.Data.Migrations.' || scriptname");
        var before = await SnapshotAsync(connectionString);

        var second = await DatabaseMigrator.MigrateAsync(connectionString, FinanceModules.MigrationSources, NullLogger.Instance);
        var third = await DatabaseMigrator.MigrateAsync(connectionString, FinanceModules.MigrationSources, NullLogger.Instance);

        Assert.Empty(second);
        Assert.Empty(third);
        Assert.Equal(first, await connection.QueryAsync<string>("SELECT scriptname FROM schemaversions ORDER BY schemaversionsid"));
        Assert.Equal(before, await SnapshotAsync(connectionString));
    }

    [Fact]
    public async Task Migrate_TwoModulesWithOneNumber_IsRefusedNamingBothBeforeTouchingTheDatabase()
    {
        var postgres = await TestServers.Postgres;
        var database = $"m_{Guid.NewGuid():N}";
        var clash = TestSource("clash", "Clash", 900, 999);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DatabaseMigrator.MigrateAsync(postgres.ConnectionString(database), [.. FinanceModules.MigrationSources, clash], NullLogger.Instance));

        Assert.StartsWith("Migration number 0010 is used by more than one script", error.Message, StringComparison.Ordinal);
        Assert.Contains("Finance.Core.Invoicing.Migrations.0010_invoicing.sql (invoicing)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Finance.Tests.Data.TestMigrations.Clash.0010_clash.sql (clash)", error.Message, StringComparison.Ordinal);
        Assert.False(await DatabaseExistsAsync(postgres, database));
    }

    [Fact]
    public async Task Migrate_ScriptOutsideItsModulesRange_IsRefused()
    {
        var postgres = await TestServers.Postgres;
        var database = $"m_{Guid.NewGuid():N}";
        var outOfRange = TestSource("payables", "OutOfRange", 400, 499);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DatabaseMigrator.MigrateAsync(postgres.ConnectionString(database), [.. FinanceModules.MigrationSources, outOfRange], NullLogger.Instance));

        Assert.Contains("0150_out_of_range.sql is numbered outside module payables's range 0400–0499", error.Message, StringComparison.Ordinal);
        Assert.False(await DatabaseExistsAsync(postgres, database));
    }

    private static MigrationSource TestSource(string module, string folder, int first, int last) =>
        new(module, typeof(MigrationTests).Assembly, $"Finance.Tests.Data.TestMigrations.{folder}.", first, last);

    private static async Task<bool> DatabaseExistsAsync(PostgresServer postgres, string database)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString());
        return await connection.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @database)", new { database });
    }

    private static async Task<List<string>> SnapshotAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return [.. await connection.QueryAsync<string>(SchemaSnapshot)];
    }
}
