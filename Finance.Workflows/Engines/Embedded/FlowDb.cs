using System.Collections.Concurrent;
using System.Reflection;
using Npgsql;

namespace Finance.Workflows.Engines.Embedded;

/// <summary>
/// One open connection and its transaction: what every write of the embedded engine runs in.
/// <para>
/// Round trips are the engine's cost, so the hot-path writes (journal, state, work items, outbox) are <em>deferred</em>:
/// <see cref="Defer(string, object)"/> queues them, and they go to the server together, in one <see cref="NpgsqlBatch"/>,
/// before the next read or the commit — in order, in this transaction, so nothing changes but the number of round trips.
/// Reading <see cref="Connection"/> or <see cref="Transaction"/> flushes first (synchronously), so code that uses them
/// directly always sees its own writes; hot paths call <see cref="FlushAsync"/> and use the unflushed accessors.
/// </para>
/// </summary>
public sealed class FlowTx(NpgsqlConnection connection, NpgsqlTransaction transaction)
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();
    private readonly List<NpgsqlBatchCommand> _pending = [];

    /// <summary>The connection, after any deferred writes went out.</summary>
    public NpgsqlConnection Connection
    {
        get
        {
            FlushSync();
            return connection;
        }
    }

    /// <summary>The transaction, after any deferred writes went out.</summary>
    public NpgsqlTransaction Transaction
    {
        get
        {
            FlushSync();
            return transaction;
        }
    }

    /// <summary>The connection without flushing: only right after <see cref="FlushAsync"/>.</summary>
    internal NpgsqlConnection RawConnection => connection;

    internal NpgsqlTransaction RawTransaction => transaction;

    /// <summary>Instances this transaction has locked, by id: a second lock of the same row needs no round trip.</summary>
    internal Dictionary<string, LockedInstance> Locked { get; } = new(StringComparer.Ordinal);

    /// <summary>Definitions new instances start on in this transaction, by flow id and pinned version.</summary>
    internal Dictionary<(string FlowId, int? Version), Model.FlowDefinition> Resolved { get; } = [];

    /// <summary>Queues a write whose row count nobody needs; parameters come from <paramref name="parameters"/>' properties.</summary>
    public void Defer(string sql, object parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var property in Properties.GetOrAdd(parameters.GetType(), t => t.GetProperties()))
        {
            command.Parameters.AddWithValue(property.Name, property.GetValue(parameters) ?? DBNull.Value);
        }

        _pending.Add(command);
    }

    /// <summary>Queues a ready-made write.</summary>
    public void Defer(NpgsqlBatchCommand command) => _pending.Add(command);

    /// <summary>The hot-path writes, gathered into one statement each at the flush.</summary>
    internal FlowWriteGroups Groups { get; } = new();

    public bool HasPending => _pending.Count > 0 || !Groups.IsEmpty;

    /// <summary>Sends the deferred writes in one round trip.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!HasPending)
        {
            return;
        }

        await using var batch = Take();
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sends the deferred writes and reads the rows of the last result set whose last column is <paramref name="lastColumn"/>.</summary>
    internal async Task<List<T>> FlushAndReadAsync<T>(string lastColumn, CancellationToken cancellationToken)
    {
        await using var batch = Take();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        List<T> rows = [];
        do
        {
            if (reader.FieldCount > 0 && string.Equals(reader.GetName(reader.FieldCount - 1), lastColumn, StringComparison.OrdinalIgnoreCase))
            {
                rows = [.. Dapper.SqlMapper.Parse<T>(reader)];
            }
        }
        while (await reader.NextResultAsync(cancellationToken));

        return rows;
    }

    private void FlushSync()
    {
        if (!HasPending)
        {
            return;
        }

        using var batch = Take();
        batch.ExecuteNonQuery();
    }

    private NpgsqlBatch Take()
    {
        var batch = new NpgsqlBatch(connection, transaction);
        Groups.AddTo(batch);
        foreach (var command in _pending)
        {
            batch.BatchCommands.Add(command);
        }

        Groups.AddLastTo(batch);

        _pending.Clear();
        return batch;
    }
}

public static class FlowDb
{
    private const int MaxAttempts = 5;

    /// <summary>
    /// Runs <paramref name="work"/> in one short transaction and commits it (deferred writes first). A deadlock or
    /// serialization failure (two transactions locking the same instances in different orders, e.g. a child completing
    /// while its parent is cancelled) rolls everything back and runs the work again: it is written to be re-runnable.
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
                var tx = new FlowTx(connection, transaction);
                var result = await work(tx);
                await tx.FlushAsync(cancellationToken);
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
