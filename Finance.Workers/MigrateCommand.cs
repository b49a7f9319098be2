using Finance.Core.Data;
using Finance.Core.Demo;

namespace Finance.Workers;

/// <summary>
/// <c>Finance.Workers migrate [--seed-demo]</c>: the one-shot migration step the AppHost runs to completion before the API and
/// the workers start (aspire-samples database-migrations; STYLE.md 7). Exit code 0 means the schema is current.
/// </summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seedDemo = args.Contains("--seed-demo");
        var builder = Host.CreateApplicationBuilder([.. args.Where(a => a != "--seed-demo")]);
        if (seedDemo && !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("finance")))
        {
            builder.AddFinanceDatabase("finance", maxPoolSize: 5);
            // The business services come as a whole and some of them (event relay and stream) need Redis registered.
            builder.AddFinanceRedis("redis");
            builder.AddFinanceCore();
            builder.Services.AddSingleton<DemoData>();
        }
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Finance.Migrations");
        var connectionString = builder.Configuration.GetConnectionString("finance");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            logger.LogError("ConnectionStrings:finance is not configured.");
            return 2;
        }
        try
        {
            var applied = await DatabaseMigrator.MigrateAsync(connectionString, logger);
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Database is current; {Count} script(s) applied: {Scripts}", applied.Count, string.Join(", ", applied));
            }
            if (seedDemo)
            {
                var seeded = await host.Services.GetRequiredService<DemoData>().SeedOnceAsync(CancellationToken.None);
                if (seeded)
                {
                    logger.LogInformation("Demo data seeded: customers and invoices in every state for each company.");
                }
                else
                {
                    logger.LogInformation("Demo data skipped: the database already has customers.");
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
}
