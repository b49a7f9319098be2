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

        var (firstExit, firstOutput) = await RunAsync(connectionString);
        var (secondExit, secondOutput) = await RunAsync(connectionString);

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

    private static async Task<(int ExitCode, string Output)> RunAsync(string connectionString)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Repo.HostDll("Finance.Workers"));
        info.ArgumentList.Add("migrate");
        info.ArgumentList.Add("--seed-demo");
        // Development, as under the AppHost: the host validates every registration when it is built.
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["ConnectionStrings__finance"] = connectionString;
        info.Environment["ConnectionStrings__redis"] = $"127.0.0.1:{ServerProcess.FreePort()}";
        using var process = Process.Start(info)!;
        ServerProcess.CleanUpAfterExit($"kill -9 {process.Id} 2>/dev/null");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
