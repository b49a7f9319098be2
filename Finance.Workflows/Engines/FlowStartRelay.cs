using System.Diagnostics;
using System.Text.Json.Nodes;
using Dapper;
using Finance.Core;
using Finance.Core.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Finance.Workflows.Engines;

/// <summary>
/// Makes the starts <see cref="FlowStartOutbox"/> wrote, through <see cref="IFlowEngine"/> (embedded or Temporal). At least
/// once: a start whose mark is lost is made again, and the engine answers it with the instance already there (the
/// instance id is the embedded row's key and the Temporal workflow id). A failed start waits and is tried again, doubling
/// the wait up to <see cref="MaxRetryInterval"/>; the error stays on the row for whoever looks.
/// </summary>
public sealed class FlowStartRelay(NpgsqlDataSource dataSource, IFlowEngine engine, TimeProvider clock, ILogger<FlowStartRelay> logger)
{
    public static readonly TimeSpan MinRetryInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxRetryInterval = TimeSpan.FromMinutes(5);

    // SKIP LOCKED: several workers relay side by side without taking the same start twice at once.
    private const string SelectDue = """
        SELECT instance_id, flow_id, version, input::text, company_code, correlation_id, trace_parent, attempts
        FROM flow_starts WHERE started_at IS NULL AND next_attempt_at <= @now
        ORDER BY next_attempt_at LIMIT @limit
        FOR UPDATE SKIP LOCKED
        """;

    private const string MarkStarted = "UPDATE flow_starts SET started_at = @now, attempts = attempts + 1, last_error = NULL WHERE instance_id = @id";

    private const string MarkFailed = """
        UPDATE flow_starts SET attempts = attempts + 1, next_attempt_at = @next, last_error = @error WHERE instance_id = @id
        """;

    /// <summary>Makes up to <paramref name="batchSize"/> due starts; returns how many were tried.</summary>
    public async Task<int> RelayBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = (await connection.QueryAsync<PendingStart>(new CommandDefinition(SelectDue, new { now = clock.GetUtcNow(), limit = batchSize },
            transaction, cancellationToken: cancellationToken))).ToList();
        foreach (var start in due)
        {
            var error = await StartAsync(start, cancellationToken);
            var now = clock.GetUtcNow();
            await connection.ExecuteAsync(error is null
                ? new CommandDefinition(MarkStarted, new { id = start.instance_id, now }, transaction, cancellationToken: cancellationToken)
                : new CommandDefinition(MarkFailed, new { id = start.instance_id, next = now + RetryAfter(start.attempts), error }, transaction,
                    cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    /// <summary>The wait after the <paramref name="attempts"/>+1-th failure: 1 s, 2 s, 4 s… up to <see cref="MaxRetryInterval"/>.</summary>
    public static TimeSpan RetryAfter(int attempts)
    {
        var wait = TimeSpan.Zero;
        for (var i = 0; i <= Math.Min(attempts, 20); i++) wait = Backoff.Next(wait, MinRetryInterval, MaxRetryInterval);
        return wait;
    }

    private async Task<string?> StartAsync(PendingStart start, CancellationToken cancellationToken)
    {
        // The start continues the trace of the request that asked for it (the row keeps its traceparent).
        using var span = FinanceDiagnostics.Source.StartActivity("flow_start.relay", ActivityKind.Consumer, FinanceDiagnostics.ParentFrom(start.trace_parent));
        span?.SetTag("finance.flow.instance_id", start.instance_id);
        try
        {
            await engine.StartAsync(new StartFlowRequest(start.flow_id, start.input is null ? null : JsonNode.Parse(start.input)!.AsObject(),
                start.company_code, start.correlation_id, start.version, start.instance_id), cancellationToken);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            logger.LogWarning(e, "Starting flow {FlowId} instance {InstanceId} failed (attempt {Attempt}); it is tried again later",
                start.flow_id, start.instance_id, start.attempts + 1);
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

#pragma warning disable IDE1006, CA1812 // Dapper row shape mirrors the SQL column names.
    private sealed record PendingStart(string instance_id, string flow_id, int? version, string? input, string? company_code, string? correlation_id,
        string? trace_parent, int attempts);
#pragma warning restore IDE1006, CA1812
}
