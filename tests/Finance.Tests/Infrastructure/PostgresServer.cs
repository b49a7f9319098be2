using System.Globalization;
using Npgsql;

namespace Finance.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster from Debian's binaries (DESIGN.md §5): initdb as the postgres user into a
/// temporary directory, started on a free port, removed when the test run ends however it ends.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string BinDir = "/usr/lib/postgresql/15/bin";
    private readonly string _root;
    private readonly string _dataDir;

    private PostgresServer(string root, int port)
    {
        _root = root;
        _dataDir = Path.Combine(root, "data");
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Pooling=true;Maximum Pool Size=50;Timeout=15";

    public static async Task<PostgresServer> StartNewAsync(bool fsync = false)
    {
        var root = Path.Combine(Path.GetTempPath(), $"finance-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var server = new PostgresServer(root, ServerProcess.FreePort());
        ServerProcess.CleanUpAfterExit($"{AsPostgres($"{BinDir}/pg_ctl")} stop -D {server._dataDir} -m immediate >/dev/null 2>&1; rm -rf {root}");
        if (ServerProcess.IsRoot)
        {
            ServerProcess.Run("chown", "postgres:postgres", root);
        }
        Exec("initdb", "-D", server._dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8");
        // Tests trade durability for speed unless they measure or exercise it.
        var durability = fsync ? "" : "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
        await File.AppendAllTextAsync(Path.Combine(server._dataDir, "postgresql.auto.conf"),
            $"port = {server.Port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{root}'\nmax_connections = 400\nlog_timezone = 'UTC'\n{durability}");
        await server.StartAsync();
        return server;
    }

    /// <summary>Starts (or restarts) the cluster and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        Exec("pg_ctl", "start", "-D", _dataDir, "-w", "-t", "30", "-l", LogPath);
        await ServerProcess.WaitUntilAsync(CanConnectAsync, TimeSpan.FromSeconds(30), "PostgreSQL");
    }

    /// <summary>
    /// Stops the cluster: <c>immediate</c> (the default) at once, without a checkpoint, as a crash would; <c>fast</c> as an
    /// operator's <c>pg_ctl restart -m fast</c> does (sessions cut, a checkpoint, a clean shutdown).
    /// </summary>
    public void Stop(string mode = "immediate") => Exec("pg_ctl", "stop", "-D", _dataDir, "-m", mode, "-w");

    private string LogPath => Path.Combine(_root, "server.log");

    /// <summary>
    /// When the server last logged "ready to accept connections", by its own clock (log_timezone is UTC; the default
    /// log_line_prefix starts with the time in milliseconds); null if it never has.
    /// </summary>
    public DateTimeOffset? LastReadyAt() =>
        File.ReadLines(LogPath).LastOrDefault(l => l.Contains("ready to accept connections", StringComparison.Ordinal)) is { } line
            ? DateTimeOffset.ParseExact(line[..23], "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null;

    private async Task<bool> CanConnectAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    private static string AsPostgres(string command) => ServerProcess.IsRoot ? $"runuser -u postgres -- {command}" : command;

    private static void Exec(string tool, params string[] args)
    {
        if (ServerProcess.IsRoot)
        {
            ServerProcess.Run("runuser", ["-u", "postgres", "--", $"{BinDir}/{tool}", .. args]);
        }
        else
        {
            ServerProcess.Run($"{BinDir}/{tool}", args);
        }
    }

    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            Stop();
        }
        catch (InvalidOperationException)
        {
            // Already stopped by a test that restarts the server.
        }
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }
}
