using Npgsql;

namespace Finance.Workflows.Engines.Embedded;

/// <summary>One open connection and its transaction: what every write of the embedded engine runs in.</summary>
public sealed record FlowTx(NpgsqlConnection Connection, NpgsqlTransaction Transaction);

public static class FlowDb
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Runs <paramref name="work"/> in one short transaction and commits it. A deadlock or serialization failure
    /// (two transactions locking the same instances in different orders, e.g. a child completing while its parent
    /// is cancelled) rolls everything back and runs the work again: it is written to be re-runnable.
    /// </summary>
    internal static async Task<T> InTransactionAsync<T>(
        this NpgsqlDataSource dataSource, Func<FlowTx, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                var result = await work(new FlowTx(connection, transaction));
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
                && attempt < MaxAttempts)
            {
                // Rolled back by disposal; go again.
            }
        }
    }

    /// <summary>True for errors a retry can outlive: the server restarting or unreachable.</summary>
    public static bool IsTransient(Exception e) =>
        e is NpgsqlException { IsTransient: true } or TimeoutException
        || e is NpgsqlException { InnerException: System.Net.Sockets.SocketException or IOException }
        || e is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.CrashShutdown };
}
