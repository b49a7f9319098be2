using System.Globalization;
using DbUp;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Finance.Core.Data;

/// <summary>
/// Applies the numbered, forward-only scripts in <c>Data/Migrations</c> (STYLE.md 13). Run by the one-shot
/// migration step (<c>Finance.Workers migrate</c>) and by test fixtures; never by the API at start-up.
/// </summary>
public static class DatabaseMigrator
{
    // Any constant will do: it only has to be the same in every process that migrates this database.
    private const long MigrationLockKey = 0x46494E414E4345; // "FINANCE"

    /// <summary>Creates the database if missing and applies pending scripts; returns the scripts applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken = default)
    {
        EnsureDatabase.For.PostgresqlDatabase(connectionString, new LoggerLog(logger));

        // Two migration steps started together (two AppHosts, a test and a developer) must not interleave.
        await using var lockConnection = new NpgsqlConnection(connectionString);
        await lockConnection.OpenAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", lockConnection))
        {
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            return Upgrade(connectionString, logger);
        }
        finally
        {
            // Released explicitly: a pooled connection keeps its session, and so its advisory locks, after Dispose.
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", lockConnection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static string[] Upgrade(string connectionString, ILogger logger)
    {
        var upgrader = DeployChanges.To.PostgresqlDatabase(connectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.Contains(".Data.Migrations.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new LoggerLog(logger))
            .Build();
        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration failed in script {result.ErrorScript?.Name}: {result.Error.Message}", result.Error);
        }
        return [.. result.Scripts.Select(s => s.Name)];
    }

    /// <summary>DbUp hands over composite format strings ("{0}"), not message templates: format them here, log one constant template.</summary>
    private sealed class LoggerLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => Write(LogLevel.Trace, null, format, args);
        public void LogDebug(string format, params object[] args) => Write(LogLevel.Debug, null, format, args);
        public void LogInformation(string format, params object[] args) => Write(LogLevel.Information, null, format, args);
        public void LogWarning(string format, params object[] args) => Write(LogLevel.Warning, null, format, args);
        public void LogError(string format, params object[] args) => Write(LogLevel.Error, null, format, args);
        public void LogError(Exception ex, string format, params object[] args) => Write(LogLevel.Error, ex, format, args);

        private void Write(LogLevel level, Exception? exception, string format, object[] args)
        {
            if (logger.IsEnabled(level))
            {
                // Without arguments the text is not a format: a script's own braces must not be parsed.
                var message = args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);
                logger.Log(level, exception, "{Message}", message);
            }
        }
    }
}
