using Finance.Core.Data;
using Finance.Core.Demo;

namespace Finance.Workers;

/// <summary>
/// <c>Finance.Workers migrate [--seed-demo]</c>: the one-shot migration step the AppHost runs to completion before the API and
/// the workers start (aspire-samples database-migrations; STYLE.md 7). Exit code 0 means the schema is current.
/// </summary>
internal static partial class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seedDemo = args.Contains("--seed-demo");
        var builder = Host.CreateApplicationBuilder([.. args.Where(a => a != "--seed-demo")]);
        var connectionString = builder.Configuration.GetConnectionString("finance");
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            // Every module, as the hosts compose them: each brings its migrations (MigrationSource) and its demo data
            // (IDemoSeeder). Services are only registered, none started, so Redis need not be reachable.
            builder.AddFinanceDatabase("finance", maxPoolSize: 5);
            builder.AddFinanceRedis("redis");
            builder.AddFinanceCore();
            builder.AddFinanceWorkflows();
            builder.AddInvoicing();
            builder.AddNotifications();
            builder.AddPayables();
            builder.AddBanking();
        }
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Finance.Migrations");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            logger.LogError("ConnectionStrings:finance is not configured.");
            return 2;
        }
        try
        {
            var applied = await DatabaseMigrator.MigrateAsync(connectionString, host.Services.GetServices<MigrationSource>(), logger);
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Database is current; {Count} script(s) applied: {Scripts}", applied.Count, string.Join(", ", applied));
            }
            if (seedDemo)
            {
                foreach (var seeder in host.Services.GetServices<IDemoSeeder>())
                {
                    var seeded = await seeder.SeedOnceAsync(CancellationToken.None);
                    if (seeded)
                    {
                        LogSeeded(logger, seeder.Description);
                    }
                    else
                    {
                        LogSeedSkipped(logger, seeder.Description);
                    }
                }
            }
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or Npgsql.NpgsqlException)
        {
            logger.LogError(ex, "Migration failed");
            return 1;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data seeded: {Description}.")]
    private static partial void LogSeeded(ILogger logger, string description);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data skipped ({Description}): the database already has it.")]
    private static partial void LogSeedSkipped(ILogger logger, string description);
}
