using System.Text.Json;
using Finance.Core.Diagnostics;
using Npgsql;

namespace Finance.Core.Events;

/// <summary>Writes events into the outbox inside the caller's transaction, so they commit with the change they announce.</summary>
public sealed class OutboxWriter(TimeProvider timeProvider)
{
    private const string Insert = """
        INSERT INTO outbox (type, company_id, payload, occurred_at, trace_parent)
        VALUES (@type, (SELECT id FROM companies WHERE code = @company), @payload::jsonb, @occurredAt, @traceParent)
        RETURNING id
        """;

    /// <summary>
    /// Several events in one multi-row insert (in the order given, which is the order the relay publishes them in):
    /// how the flow engine writes the events of a whole batch of steps, and the overdue check those of one run.
    /// </summary>
    public static NpgsqlBatchCommand Command(IReadOnlyList<(string Type, string? Company, object Payload)> events, DateTimeOffset occurredAt)
    {
        var traceParent = FinanceDiagnostics.CurrentTraceParent;
        return Command([.. events.Select(e => (e.Type, e.Company, e.Payload, traceParent))], occurredAt);
    }

    /// <summary>As above, each event with the trace it belongs to (the flow engine writes events of many instances at once).</summary>
    public static NpgsqlBatchCommand Command(IReadOnlyList<(string Type, string? Company, object Payload, string? TraceParent)> events, DateTimeOffset occurredAt)
    {
        var command = new NpgsqlBatchCommand("""
            INSERT INTO outbox (type, company_id, payload, occurred_at, trace_parent)
            SELECT e.type, c.id, e.payload::jsonb, @occurredAt, e.trace_parent
            FROM unnest(@types::text[], @companies::text[], @payloads::text[], @traceParents::text[])
                 WITH ORDINALITY AS e(type, company, payload, trace_parent, n)
            LEFT JOIN companies c ON c.code = e.company
            ORDER BY e.n
            """);
        command.Parameters.AddWithValue("types", events.Select(e => e.Type).ToArray());
        command.Parameters.AddWithValue("companies", events.Select(e => e.Company).ToArray());
        command.Parameters.AddWithValue("payloads", events.Select(e => JsonSerializer.Serialize(e.Payload, JsonSerializerOptions.Web)).ToArray());
        command.Parameters.AddWithValue("occurredAt", occurredAt);
        command.Parameters.AddWithValue("traceParents", events.Select(e => e.TraceParent).ToArray());
        return command;
    }

    public async Task<long> AppendAsync(NpgsqlTransaction transaction, string type, string? company, object payload, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Insert, transaction.Connection, transaction);
        command.Parameters.AddWithValue("type", type);
        command.Parameters.AddWithValue("company", (object?)company ?? DBNull.Value);
        command.Parameters.AddWithValue("payload", JsonSerializer.Serialize(payload, JsonSerializerOptions.Web));
        command.Parameters.AddWithValue("occurredAt", timeProvider.GetUtcNow());
        // The relay, in another process, continues this trace when it publishes the event.
        command.Parameters.AddWithValue("traceParent", (object?)FinanceDiagnostics.CurrentTraceParent ?? DBNull.Value);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
