using System.Diagnostics;
using Dapper;
using Finance.Core.Data;
using Finance.Tests.Infrastructure;
using Npgsql;

namespace Finance.Tests.Data;

/// <summary><c>Finance.Workers migrate --seed-demo</c> as the AppHost runs it: a separate process that must exit 0.</summary>
public sealed class MigrateCommandTests
{
    [Fact]
    public async Task MigrateSeedDemo_RedisConfiguredButUnreachable_AppliesEveryModuleAndSeedsOnce()
    {
        var postgres = await TestServers.Postgres;
        var connectionString = postgres.ConnectionString($"m_{Guid.NewGuid():N}");

        var redis = $"127.0.0.1:{ServerProcess.FreePort()}";
        var (firstExit, firstOutput) = await RunAsync(connectionString, redis, "--seed-demo");
        var (secondExit, secondOutput) = await RunAsync(connectionString, redis, "--seed-demo");

        Assert.True(firstExit == 0, firstOutput);
        Assert.True(secondExit == 0, secondOutput);
        await using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(DatabaseMigrator.Plan(FinanceModules.MigrationSources).Select(s => s.Name),
            await connection.QueryAsync<string>("SELECT scriptname FROM schemaversions ORDER BY schemaversionsid"));
        Assert.Contains("Demo data seeded: customers and invoices in every state for each company.", firstOutput, StringComparison.Ordinal);
        Assert.Contains("0 script(s) applied", secondOutput, StringComparison.Ordinal);
        Assert.Contains("Demo data skipped", secondOutput, StringComparison.Ordinal);
        Assert.True(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM invoices") > 0);
    }

    [Fact]
    public async Task Migrate_NoRedisConfigured_AppliesEveryModule()
    {
        var postgres = await TestServers.Postgres;
        var connectionString = postgres.ConnectionString($"m_{Guid.NewGuid():N}");

        // As bench/flows/run.sh runs it: only the database.
        var (exit, output) = await RunAsync(connectionString, redis: null);

        Assert.True(exit == 0, output);
        await using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(DatabaseMigrator.Plan(FinanceModules.MigrationSources).Count,
            await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schemaversions"));
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string connectionString, string? redis, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Repo.HostDll("Finance.Workers"));
        info.ArgumentList.Add("migrate");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // Development, as under the AppHost: the host validates every registration when it is built.
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["ConnectionStrings__finance"] = connectionString;
        if (redis is not null)
        {
            info.Environment["ConnectionStrings__redis"] = redis;
        }
        using var process = Process.Start(info)!;
        ServerProcess.CleanUpAfterExit($"kill -9 {process.Id} 2>/dev/null");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
