using Finance.Workflows.Definitions;
using Finance.Core.Diagnostics;
using System.Text.Json;
using Dapper;
using Finance.Workflows.Activities;
using Finance.Workflows.Interpreter;
using Finance.Workflows.Model;
using Microsoft.Extensions.Logging;

namespace Finance.Workflows.Engines.Embedded;

/// <summary>An instance row, locked by the current transaction.</summary>
internal sealed class LockedInstance
{
    public required string Id { get; init; }
    public required string FlowId { get; init; }
    public required int Version { get; init; }
    public required FlowInstanceState State { get; set; }
    public required int LastSeq { get; set; }
    public string? CompanyCode { get; init; }
    public string? CorrelationId { get; init; }
    public string? ParentInstanceId { get; init; }
    public int? ParentSeq { get; init; }
    public bool ParentWaits { get; init; }

    /// <summary>The W3C traceparent of the span that started it: every step, timer and event of the instance joins that trace.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>
/// The heart of the embedded engine: start an instance, and apply one event to a locked instance — append the journal,
/// run the pure interpreter, persist the state, carry out its commands (enqueue work, start children, notify the parent,
/// write outbox events). Everything happens in the caller's transaction, so an event and its consequences commit together.
/// </summary>
internal sealed partial class FlowRuntime(
    FlowDefinitionStore definitions, ActivityCatalog catalog, TimeProvider timeProvider, ILogger<FlowRuntime> logger)
{
    /// <summary>The internal queue timers live on; the timer poller leases it.</summary>
    public const string TimerQueue = "$timers";


    private readonly FlowInterpreter _interpreter = FlowInterpreter.Default;

    private const string LockInstance = """
        SELECT id AS Id, flow_id AS FlowId, version AS Version, state::text AS StateJson, last_seq AS LastSeq,
               company_code AS CompanyCode, correlation_id AS CorrelationId, parent_instance_id AS ParentInstanceId,
               parent_seq AS ParentSeq, parent_waits AS ParentWaits, trace_parent AS TraceParent
        FROM flow_instances WHERE id = @id
        FOR UPDATE
        """;

    private const string InsertInstance = """
        INSERT INTO flow_instances (id, flow_id, version, status, company_id, company_code, correlation_id,
                                    parent_instance_id, parent_seq, parent_waits, state, created_at, updated_at, trace_parent)
        VALUES (@id, @flowId, @version, 'notStarted', (SELECT id FROM companies WHERE code = @company), @company, @correlationId,
                @parentId, @parentSeq, @parentWaits, @state::jsonb, @now, @now, @traceParent)
        ON CONFLICT (id) DO NOTHING
        """;

    public DateTimeOffset Now => timeProvider.GetUtcNow();

    /// <summary>Locks and loads an instance; null when there is none. An instance this transaction locked already comes from memory.</summary>
    public static async Task<LockedInstance?> LockAsync(FlowTx tx, string instanceId, CancellationToken cancellationToken)
    {
        if (tx.Locked.TryGetValue(instanceId, out var locked))
        {
            return locked;
        }

        await tx.FlushAsync(cancellationToken);
        var row = await tx.RawConnection.QuerySingleOrDefaultAsync<InstanceRow>(
            new CommandDefinition(LockInstance, new { id = instanceId }, tx.RawTransaction, cancellationToken: cancellationToken));
        return row is null ? null : Track(tx, row);
    }

    /// <summary>
    /// Locks the work items still leased by their owners (a worker whose lease expired and was taken over must not
    /// record anything), then their instances, in id order, in one round trip; returns the items still ours, by id.
    /// </summary>
    public static async Task<Dictionary<long, string>> LockLeasedAsync(FlowTx tx, long[] ids, string[] owners, CancellationToken cancellationToken)
    {
        const string reclaim = """
            SELECT w.id, w.instance_id FROM flow_work_items w
            JOIN unnest(@ids::bigint[], @owners::text[]) AS leased(id, lease_owner) ON w.id = leased.id AND w.lease_owner = leased.lease_owner
            WHERE w.status = 'active'
            ORDER BY w.id
            FOR UPDATE OF w;
            """;
        var lockInstances = LockInstance.Replace("WHERE id = @id", """
            WHERE id IN (SELECT w.instance_id FROM flow_work_items w
                         JOIN unnest(@ids::bigint[], @owners::text[]) AS leased(id, lease_owner)
                              ON w.id = leased.id AND w.lease_owner = leased.lease_owner
                         WHERE w.status = 'active')
            ORDER BY id
            """, StringComparison.Ordinal);
        await tx.FlushAsync(cancellationToken);
        await using var grid = await tx.RawConnection.QueryMultipleAsync(new CommandDefinition(reclaim + lockInstances,
            new { ids, owners }, tx.RawTransaction, cancellationToken: cancellationToken));
        var ours = (await grid.ReadAsync<(long Id, string InstanceId)>()).ToDictionary(r => r.Id, r => r.InstanceId);
        foreach (var row in await grid.ReadAsync<InstanceRow>())
        {
            if (!tx.Locked.ContainsKey(row.Id))
            {
                Track(tx, row);
            }
        }

        return ours;
    }

    private static LockedInstance Track(FlowTx tx, InstanceRow row)
    {
        var instance = new LockedInstance
        {
            Id = row.Id,
            FlowId = row.FlowId,
            Version = row.Version,
            State = JsonSerializer.Deserialize<FlowInstanceState>(row.StateJson, FlowJson.Options)!,
            LastSeq = row.LastSeq,
            CompanyCode = row.CompanyCode,
            CorrelationId = row.CorrelationId,
            ParentInstanceId = row.ParentInstanceId,
            ParentSeq = row.ParentSeq,
            ParentWaits = row.ParentWaits,
            TraceParent = row.TraceParent,
        };
        tx.Locked[instance.Id] = instance;
        return instance;
    }

    /// <summary>
    /// Inserts the instance and applies <see cref="FlowStarted"/>; an existing id returns the existing instance. An
    /// instance whose id the engine makes up cannot exist yet: it is inserted with the transaction's next round trip,
    /// already in the state the start left it in (one insert, no update, no round trip of its own). Its trace is
    /// <c>traceParent</c> when given, else the parent instance's, else the current span's.
    /// </summary>
    public async Task<FlowInstanceRef> StartAsync(
        FlowTx tx, StartFlowRequest request, (string Id, int Seq, bool Waits)? parent, CancellationToken cancellationToken, string? traceParent = null)
    {
        var definition = await ResolveForStartAsync(tx, request, cancellationToken);
        var id = request.InstanceId ?? Guid.CreateVersion7().ToString("N");
        var state = FlowInstanceState.Create(id, definition);
        var instance = new LockedInstance
        {
            Id = id,
            FlowId = definition.Id,
            Version = definition.Version,
            State = state,
            LastSeq = 0,
            CompanyCode = request.Company,
            CorrelationId = request.CorrelationId,
            ParentInstanceId = parent?.Id,
            ParentSeq = parent?.Seq,
            ParentWaits = parent?.Waits ?? false,
            TraceParent = traceParent
                ?? (parent is { } p && tx.Locked.TryGetValue(p.Id, out var parentInstance) ? parentInstance.TraceParent : FinanceDiagnostics.CurrentTraceParent),
        };
        if (request.InstanceId is null)
        {
            tx.Groups.Insert(instance);
        }
        else
        {
            await tx.FlushAsync(cancellationToken);
            var inserted = await tx.RawConnection.ExecuteAsync(new CommandDefinition(InsertInstance, new
            {
                id,
                flowId = definition.Id,
                version = definition.Version,
                company = request.Company,
                correlationId = request.CorrelationId,
                parentId = parent?.Id,
                parentSeq = parent?.Seq,
                parentWaits = parent?.Waits ?? false,
                state = JsonSerializer.Serialize(state, FlowJson.Options),
                now = Now,
                traceParent = instance.TraceParent,
            }, tx.RawTransaction, cancellationToken: cancellationToken));
            if (inserted == 0)
            {
                // Idempotent start: the caller chose an id that already exists.
                var existing = await tx.Connection.QuerySingleAsync<(string FlowId, int Version)>(new CommandDefinition(
                    "SELECT flow_id, version FROM flow_instances WHERE id = @id", new { id }, tx.Transaction, cancellationToken: cancellationToken));
                return existing.FlowId == request.FlowId
                    ? new FlowInstanceRef(id, existing.FlowId, existing.Version)
                    : throw new FlowConflictException($"Instance id '{id}' is already used by flow '{existing.FlowId}'.");
            }
        }

        // Our insert holds the row until commit: no need to read back what we just wrote.
        tx.Locked[id] = instance;
        await ApplyAsync(tx, instance, new FlowStarted(Now, request.Input), cancellationToken);
        return new FlowInstanceRef(id, definition.Id, definition.Version);
    }

    /// <summary>The definition a start runs on, looked up once per transaction and flow (a batch of starts asks once).</summary>
    private async Task<FlowDefinition> ResolveForStartAsync(FlowTx tx, StartFlowRequest request, CancellationToken cancellationToken)
    {
        if (!tx.Resolved.TryGetValue((request.FlowId, request.Version), out var definition))
        {
            await tx.FlushAsync(cancellationToken);
            definition = await definitions.ResolveForStartAsync(tx, request.FlowId, request.Version, cancellationToken);
            tx.Resolved[(request.FlowId, request.Version)] = definition;
        }

        return definition;
    }

    /// <summary>Locks <paramref name="instanceId"/> and applies <paramref name="event"/>.</summary>
    public async Task ApplyAsync(FlowTx tx, string instanceId, FlowEvent @event, CancellationToken cancellationToken)
    {
        var instance = await LockAsync(tx, instanceId, cancellationToken)
            ?? throw new FlowInstanceNotFoundException(instanceId);
        await ApplyAsync(tx, instance, @event, cancellationToken);
    }

    /// <summary>Journal, interpret, persist, and carry out the commands — all in <paramref name="tx"/>.</summary>
    public async Task ApplyAsync(FlowTx tx, LockedInstance instance, FlowEvent @event, CancellationToken cancellationToken)
    {
        var definition = await DefinitionAsync(tx, instance, cancellationToken);
        var transition = _interpreter.Apply(definition, instance.State, @event);
        instance.LastSeq++;
        instance.State = transition.State;
        // The journal row and the new state go out with the transaction's next round trip, in one statement for all the
        // instances it changed (the state once, as it stands then).
        var now = Now;
        tx.Groups.Journal(instance.Id, instance.LastSeq, "event", JsonSerializer.Serialize(@event, FlowJson.Options), now);
        tx.Groups.Save(instance, now);

        var followUps = new List<FlowEvent>();
        foreach (var command in transition.Commands)
        {
            await HandleAsync(tx, instance, command, followUps, cancellationToken);
        }

        foreach (var followUp in followUps)
        {
            await ApplyAsync(tx, instance.Id, followUp, cancellationToken);
        }
    }

    /// <summary>Appends a journal row; the caller holds the instance lock, so seq is next without gaps.</summary>
    public void Append(FlowTx tx, LockedInstance instance, string kind, string json)
    {
        instance.LastSeq++;
        tx.Groups.Journal(instance.Id, instance.LastSeq, kind, json, Now);
    }

    /// <summary>Replaces the instance's state; written with the transaction's next round trip.</summary>
    public void Save(FlowTx tx, LockedInstance instance, FlowInstanceState state)
    {
        instance.State = state;
        tx.Groups.Save(instance, Now);
    }

    public Task<FlowDefinition> DefinitionAsync(FlowTx tx, LockedInstance instance, CancellationToken cancellationToken) =>
        definitions.GetForRunAsync(tx, instance.FlowId, instance.Version, cancellationToken);

    public static string StatusText(FlowStatus status) => JsonNamingPolicy.CamelCase.ConvertName(status.ToString());

    private sealed record InstanceRow(
        string Id, string FlowId, int Version, string StateJson, int LastSeq, string? CompanyCode, string? CorrelationId,
        string? ParentInstanceId, int? ParentSeq, bool ParentWaits, string? TraceParent);
}
