using System.Text.Json;
using Dapper;
using Finance.Core.Diagnostics;
using Npgsql;

namespace Finance.Workflows.Engines;

/// <summary>
/// Asks for a flow start inside the caller's transaction (migration 0023, <c>flow_starts</c>): the state change and the
/// request to start its flow commit together, and <see cref="FlowStartRelay"/> makes the start on whichever engine runs,
/// at least once. No second transaction has to follow the first (STYLE.md, "what not to copy").
/// </summary>
public sealed class FlowStartOutbox(TimeProvider clock)
{
    // A request already written (the same state change retried) is left as it is: the instance id names one start for good.
    private const string Insert = """
        INSERT INTO flow_starts (instance_id, flow_id, version, input, company_code, correlation_id, trace_parent, created_at, next_attempt_at)
        VALUES (@instanceId, @flowId, @version, @input::jsonb, @company, @correlationId, @traceParent, @now, @now)
        ON CONFLICT (instance_id) DO NOTHING
        """;

    /// <summary>Writes the start of <paramref name="request"/>, whose <see cref="StartFlowRequest.InstanceId"/> must be set (it makes the relay idempotent).</summary>
    public async Task AppendAsync(NpgsqlTransaction transaction, StartFlowRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.InstanceId, nameof(request));
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(Insert, new
        {
            instanceId = request.InstanceId,
            flowId = request.FlowId,
            version = request.Version,
            input = request.Input is null ? null : JsonSerializer.Serialize(request.Input),
            company = request.Company,
            correlationId = request.CorrelationId,
            traceParent = FinanceDiagnostics.CurrentTraceParent,
            now = clock.GetUtcNow(),
        }, transaction, cancellationToken: cancellationToken));
    }
}
