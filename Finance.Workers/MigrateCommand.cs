using Finance.Core.Data;

namespace Finance.Workers;

/// <summary>
/// <c>Finance.Workers migrate</c>: the one-shot migration step the AppHost runs to completion before the API and
/// the workers start (aspire-samples database-migrations; STYLE.md 7). Exit code 0 means the schema is current.
/// </summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
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
            logger.LogInformation("Database is current; {Count} script(s) applied: {Scripts}", applied.Count, string.Join(", ", applied));
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or Npgsql.NpgsqlException)
        {
            logger.LogError(ex, "Migration failed");
            return 1;
        }
    }
}
