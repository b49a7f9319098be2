using System.Text.Json;
using Npgsql;

namespace Finance.Core.Events;

/// <summary>Writes events into the outbox inside the caller's transaction, so they commit with the change they announce.</summary>
public sealed class OutboxWriter(TimeProvider timeProvider)
{
    private const string Insert = """
        INSERT INTO outbox (type, company_id, payload, occurred_at)
        VALUES (@type, (SELECT id FROM companies WHERE code = @company), @payload::jsonb, @occurredAt)
        RETURNING id
        """;

    /// <summary>The same insert as a batch command, for callers that send several writes in one round trip.</summary>
    public NpgsqlBatchCommand Command(string type, string? company, object payload)
    {
        var command = new NpgsqlBatchCommand(Insert);
        command.Parameters.AddWithValue("type", type);
        command.Parameters.AddWithValue("company", (object?)company ?? DBNull.Value);
        command.Parameters.AddWithValue("payload", JsonSerializer.Serialize(payload, JsonSerializerOptions.Web));
        command.Parameters.AddWithValue("occurredAt", timeProvider.GetUtcNow());
        return command;
    }

    public async Task<long> AppendAsync(NpgsqlTransaction transaction, string type, string? company, object payload, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Insert, transaction.Connection, transaction);
        command.Parameters.AddWithValue("type", type);
        command.Parameters.AddWithValue("company", (object?)company ?? DBNull.Value);
        command.Parameters.AddWithValue("payload", JsonSerializer.Serialize(payload, JsonSerializerOptions.Web));
        command.Parameters.AddWithValue("occurredAt", timeProvider.GetUtcNow());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
