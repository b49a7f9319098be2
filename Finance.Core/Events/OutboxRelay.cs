using System.Diagnostics;
using Finance.Core.Diagnostics;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace Finance.Core.Events;

/// <summary>
/// Moves outbox rows to the Redis Stream, at least once and in commit order. A batch is marked relayed only
/// after Redis has accepted every entry of it; when Redis is down the transaction rolls back and the rows wait.
/// </summary>
public sealed class OutboxRelay(
    NpgsqlDataSource dataSource, IConnectionMultiplexer redis, RedisKeys keys, IOptions<FinanceRedisOptions> options, TimeProvider timeProvider)
{
    // One relay at a time across all worker processes, or two could interleave a batch and break the order.
    private const long RelayLockKey = 0x4F5554424F58; // "OUTBOX"

    private const string SelectBatch = """
        SELECT o.id, o.type, c.code, o.payload::text, o.occurred_at, o.trace_parent
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
        var spans = StartPublishSpans(batch);
        try
        {
            // Each XADD is issued under its event's span, so the Redis command joins that event's trace.
            var relay = Activity.Current;
            var adds = new Task[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                Activity.Current = spans[i] ?? relay;
                adds[i] = db.StreamAddAsync(keys.Events, batch[i].Fields, maxLength: maxLength, useApproximateMaxLength: true);
            }
            Activity.Current = relay;
            await Task.WhenAll(adds);
        }
        catch (Exception e)
        {
            foreach (var span in spans)
            {
                span?.SetStatus(ActivityStatusCode.Error, e.Message);
            }
            throw;
        }
        finally
        {
            foreach (var span in spans)
            {
                span?.Dispose();
            }
        }
        var now = timeProvider.GetUtcNow();
        foreach (var e in batch)
        {
            FinanceDiagnostics.OutboxLag.Record((now - e.OccurredAt).TotalSeconds);
        }

        await using (var mark = new NpgsqlCommand(MarkRelayed, connection, transaction))
        {
            mark.Parameters.AddWithValue("ids", batch.Select(e => e.Id).ToArray());
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return batch.Count;
    }

    /// <summary>
    /// One <c>outbox.publish {type}</c> span per event, a child of the span that wrote the event (an API request, a flow
    /// step: the trace crosses from the writer's process to this one through the row). The relay's own context is kept.
    /// </summary>
    private Activity?[] StartPublishSpans(List<OutboxRow> batch)
    {
        var relay = Activity.Current;
        var spans = new Activity?[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var row = batch[i];
            var span = FinanceDiagnostics.Source.StartActivity($"outbox.publish {row.Type}", ActivityKind.Producer, FinanceDiagnostics.ParentFrom(row.TraceParent));
            span?.SetTag("messaging.system", "redis");
            span?.SetTag("messaging.operation.type", "send");
            span?.SetTag("messaging.destination.name", keys.Events.ToString());
            span?.SetTag("messaging.message.id", row.Id);
            span?.SetTag("finance.event.type", row.Type);
            spans[i] = span;
            Activity.Current = relay;
        }
        return spans;
    }

    private sealed record OutboxRow(long Id, string Type, NameValueEntry[] Fields, DateTimeOffset OccurredAt, string? TraceParent);

    private static async Task<List<OutboxRow>> ReadBatchAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int limit, CancellationToken cancellationToken)
    {
        await using var select = new NpgsqlCommand(SelectBatch, connection, transaction);
        select.Parameters.AddWithValue("limit", limit);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var batch = new List<OutboxRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            var type = reader.GetString(1);
            var occurredAt = reader.GetFieldValue<DateTimeOffset>(4);
            batch.Add(new(id, type, EventStreamFields.Write(id, type, reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3), occurredAt),
                occurredAt, reader.IsDBNull(5) ? null : reader.GetString(5)));
        }
        return batch;
    }
}
