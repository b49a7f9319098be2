using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace Finance.Core.Events;

/// <summary>
/// Moves outbox rows to the Redis Stream, at least once and in commit order. A batch is marked relayed only
/// after Redis has accepted every entry of it; when Redis is down the transaction rolls back and the rows wait.
/// </summary>
public sealed class OutboxRelay(NpgsqlDataSource dataSource, IConnectionMultiplexer redis, RedisKeys keys, IOptions<FinanceRedisOptions> options)
{
    // One relay at a time across all worker processes, or two could interleave a batch and break the order.
    private const long RelayLockKey = 0x4F5554424F58; // "OUTBOX"

    private const string SelectBatch = """
        SELECT o.id, o.type, c.code, o.payload::text, o.occurred_at
        FROM outbox o LEFT JOIN companies c ON c.id = o.company_id
        WHERE o.relayed_at IS NULL AND o.tx_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY o.tx_id, o.id
        LIMIT @limit
        """;

    private const string MarkRelayed = "UPDATE outbox SET relayed_at = now() WHERE id = ANY(@ids)";

    /// <summary>Relays up to <paramref name="batchSize"/> events; returns how many went out (0 when another process holds the relay).</summary>
    public async Task<int> RelayBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var take = new NpgsqlCommand($"SELECT pg_try_advisory_xact_lock({RelayLockKey})", connection, transaction))
        {
            if (!(bool)(await take.ExecuteScalarAsync(cancellationToken))!)
            {
                return 0;
            }
        }

        var batch = await ReadBatchAsync(connection, transaction, batchSize, cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        // Commands on one multiplexer connection are sent and applied in order; awaiting them together pipelines them.
        var db = redis.GetDatabase();
        var maxLength = options.Value.EventStreamMaxLength;
        await Task.WhenAll(batch.Select(e => db.StreamAddAsync(keys.Events, e.Fields, maxLength: maxLength, useApproximateMaxLength: true)));

        await using (var mark = new NpgsqlCommand(MarkRelayed, connection, transaction))
        {
            mark.Parameters.AddWithValue("ids", batch.Select(e => e.Id).ToArray());
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    private static async Task<List<(long Id, NameValueEntry[] Fields)>> ReadBatchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int limit, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(SelectBatch, connection, transaction);
        select.Parameters.AddWithValue("limit", limit);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var batch = new List<(long Id, NameValueEntry[] Fields)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            batch.Add((id, EventStreamFields.Write(
                id, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4))));
        }
        return batch;
    }
}
