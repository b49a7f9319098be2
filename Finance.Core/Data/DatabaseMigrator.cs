using System.Globalization;
using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Finance.Core.Data;

/// <summary>
/// Applies the numbered, forward-only scripts every module registers (<see cref="MigrationSource"/>, STYLE.md 13) as one
/// series ordered by number: the order to read them in is the numbers, whichever folder a script sits in
/// (Finance.Core/Data/README.md). Run by the one-shot migration step (<c>Finance.Workers migrate</c>) and by test fixtures;
/// never by the API at start-up.
/// </summary>
public static class DatabaseMigrator
{
    // Any constant will do: it only has to be the same in every process that migrates this database.
    private const long MigrationLockKey = 0x46494E414E4345; // "FINANCE"

    // The journal used to record embedded resource names ("Finance.Core.Data.Migrations.0001_companies.sql"); it now records
    // the file name, so a script can move to another module's folder without running again. Idempotent: new names have no
    // ".Migrations." left to match.
    private const string NormaliseJournal = """
        UPDATE schemaversions SET scriptname = substring(scriptname FROM '\.Migrations\.(\d{4}_[a-z0-9_]+\.sql)$')
        WHERE scriptname ~ '\.Migrations\.\d{4}_[a-z0-9_]+\.sql$'
        """;

    /// <summary>Creates the database if missing and applies pending scripts of all <paramref name="sources"/>; returns the scripts applied.</summary>
    public static async Task<IReadOnlyList<string>> MigrateAsync(string connectionString, IEnumerable<MigrationSource> sources, ILogger logger,
        CancellationToken cancellationToken = default)
    {
        // Checked before anything touches the database: two scripts with one number are refused however the modules are combined.
        var scripts = Plan(sources);
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
            await using (var journal = new NpgsqlCommand("SELECT to_regclass('schemaversions') IS NOT NULL", lockConnection))
            {
                if ((bool)(await journal.ExecuteScalarAsync(cancellationToken))!)
                {
                    await using var normalise = new NpgsqlCommand(NormaliseJournal, lockConnection);
                    await normalise.ExecuteNonQueryAsync(cancellationToken);
                }
            }
            return Upgrade(connectionString, scripts, logger);
        }
        finally
        {
            // Released explicitly: a pooled connection keeps its session, and so its advisory locks, after Dispose.
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", lockConnection);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>The scripts of all sources in the order they apply: by number, then name. Refuses a number used twice.</summary>
    internal static IReadOnlyList<MigrationScript> Plan(IEnumerable<MigrationSource> sources)
    {
        var scripts = sources.Distinct().SelectMany(s => s.Scripts()).OrderBy(s => s.Number).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        var reused = scripts.GroupBy(s => s.Number).FirstOrDefault(g => g.Count() > 1);
        if (reused is not null)
        {
            throw new InvalidOperationException($"Migration number {reused.Key:D4} is used by more than one script: "
                + string.Join(", ", reused.Select(s => $"{s.Resource} ({s.Source.Module})"))
                + ". Each number names one script; take the next free one in the module's range (Finance.Core/Data/README.md).");
        }
        return scripts;
    }

    private static string[] Upgrade(string connectionString, IReadOnlyList<MigrationScript> scripts, ILogger logger)
    {
        // DbUp orders scripts by name (ordinal); with four-digit numbers first that is the order of Plan.
        var upgrader = DeployChanges.To.PostgresqlDatabase(connectionString)
            .WithScripts(scripts.Select(s => new SqlScript(s.Name, s.Contents)))
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
