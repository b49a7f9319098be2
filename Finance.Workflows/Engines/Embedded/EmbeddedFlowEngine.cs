using Finance.Core.Diagnostics;
using Finance.Core.Errors;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Finance.Workflows.Interpreter;
using Finance.Workflows.Model;
using Npgsql;
using Finance.Workflows.Diagnostics;

namespace Finance.Workflows.Engines.Embedded;

/// <summary>A signal payload that is not JSON.</summary>
public sealed class FlowSignalPayloadException(string message, Exception? inner = null)
    : ValidationException(message, "Malformed signal payload", "flow.signal_payload_malformed", inner);

/// <summary>
/// The default engine (DESIGN.md §3): instances, journal and work items in PostgreSQL. Every call is one transaction
/// that locks the instance row, appends to the journal, applies the interpreter, persists the state and enqueues the
/// resulting work (and outbox events): either all of it happens or none.
/// </summary>
public sealed class EmbeddedFlowEngine : IFlowEngine
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly FlowRuntime _runtime;
    private readonly GroupCommit<(StartFlowRequest Request, string? TraceParent), FlowInstanceRef> _starts;

    /// <summary>The most starts one transaction takes.</summary>
    private const int MaxStartBatch = 128;

    /// <summary>How many start transactions run side by side.</summary>
    private const int StartConcurrency = 2;

    internal EmbeddedFlowEngine(NpgsqlDataSource dataSource, FlowRuntime runtime)
    {
        _dataSource = dataSource;
        _runtime = runtime;
        // Concurrent starts share transactions; a start that fails for a reason of its own (no such flow, an id taken by
        // another flow) fails alone when the batch is retried one by one.
        _starts = new(StartBatchAsync, MaxStartBatch, StartConcurrency);
    }

    /// <summary>
    /// Starts an instance. Starts made at the same time (API requests, a schedule's burst) commit together (group commit);
    /// once queued, a start is not cancelled by <paramref name="cancellationToken"/>: the caller learns its outcome.
    /// </summary>
    public Task<FlowInstanceRef> StartAsync(StartFlowRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return StartTracedAsync(request);
    }

    // The group commit runs in whichever caller's context opened the batch: each start's own span goes with it explicitly.
    private async Task<FlowInstanceRef> StartTracedAsync(StartFlowRequest request)
    {
        using var span = FlowTelemetry.StartFlowStart(request);
        var started = await _starts.SubmitAsync((request, FinanceDiagnostics.CurrentTraceParent));
        span?.SetTag(FlowTelemetry.InstanceIdTag, started.InstanceId);
        span?.SetTag(FlowTelemetry.VersionTag, started.Version);
        return started;
    }

    private Task<FlowInstanceRef[]> StartBatchAsync(List<(StartFlowRequest Request, string? TraceParent)> requests) =>
        _dataSource.InTransactionAsync(async tx =>
        {
            var started = new FlowInstanceRef[requests.Count];
            for (var i = 0; i < requests.Count; i++)
            {
                started[i] = await _runtime.StartAsync(tx, requests[i].Request, null, CancellationToken.None, requests[i].TraceParent);
            }

            return started;
        }, CancellationToken.None);

    public Task SignalAsync(string instanceId, string signal, JsonNode? payload, CancellationToken cancellationToken) =>
        _dataSource.InTransactionAsync(async tx =>
        {
            var instance = await LockRunningAsync(tx, instanceId, cancellationToken);
            await _runtime.ApplyAsync(tx, instance, new SignalReceived(_runtime.Now, signal, payload?.DeepClone()), cancellationToken);
            return 0;
        }, cancellationToken);

    /// <summary>Signals with a payload given as JSON text (what an HTTP body carries).</summary>
    /// <exception cref="FlowSignalPayloadException">The text is not JSON; nothing is written.</exception>
    public Task SignalAsync(string instanceId, string signal, string? payloadJson, CancellationToken cancellationToken) =>
        SignalAsync(instanceId, signal, ParsePayload(payloadJson), cancellationToken);

    /// <summary>Parses a signal payload; empty means no payload.</summary>
    public static JsonNode? ParsePayload(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FlowSignalPayloadException($"The signal payload is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Cancels a running instance and its running children; one that already finished is a <see cref="FlowInstanceFinishedException"/>.</summary>
    public Task CancelAsync(string instanceId, string reason, CancellationToken cancellationToken) =>
        _dataSource.InTransactionAsync(async tx =>
        {
            var instance = await LockRunningAsync(tx, instanceId, cancellationToken);
            await _runtime.ApplyAsync(tx, instance, new CancelRequested(_runtime.Now, reason), cancellationToken);
            return 0;
        }, cancellationToken);

    /// <summary>
    /// Runs a dead-lettered step again (attempts start over at 1, same idempotency key). Allowed while the instance failed
    /// because of that step and nothing happened since. The journal gets an engine row <c>stepRetried</c>; the state is
    /// rebuilt by replaying the journal without the final failure it supersedes, so the flow resumes at that step.
    /// </summary>
    /// <exception cref="InvalidOperationException">No such dead letter, or the instance moved on since.</exception>
    public Task RetryDeadLetterAsync(long workItemId, CancellationToken cancellationToken) =>
        _dataSource.InTransactionAsync(async tx =>
        {
            var item = await tx.Connection.QuerySingleOrDefaultAsync<(string InstanceId, int Seq)?>(new CommandDefinition(
                "SELECT instance_id, seq FROM flow_work_items WHERE id = @id AND status = 'dead' AND kind = 'activity' FOR UPDATE",
                new { id = workItemId }, tx.Transaction, cancellationToken: cancellationToken))
                ?? throw new FlowConflictException($"Work item {workItemId} is not a dead letter.");
            var instance = (await FlowRuntime.LockAsync(tx, item.InstanceId, cancellationToken))!;
            var journal = (await tx.Connection.QueryAsync<(string Kind, string Json)>(new CommandDefinition(
                "SELECT kind, event::text FROM flow_journal WHERE instance_id = @id ORDER BY seq",
                new { id = instance.Id }, tx.Transaction, cancellationToken: cancellationToken))).ToList();
            var events = JournalFold.Events(journal);
            if (events.LastOrDefault() is not ActivityFailed { IsFinal: true } last || last.Seq != item.Seq || instance.State.Status != FlowStatus.Failed)
            {
                throw new FlowConflictException($"Instance {instance.Id} has moved on since step {item.Seq} was dead-lettered.");
            }

            var note = new JsonObject { ["type"] = JournalFold.StepRetried, ["seq"] = item.Seq, ["workItemId"] = workItemId };
            _runtime.Append(tx, instance, "engine", note.ToJsonString());
            // What the note does to the fold (JournalFold.Events): the final failure it supersedes, the last event, drops out.
            events.RemoveAt(events.Count - 1);
            var definition = await _runtime.DefinitionAsync(tx, instance, cancellationToken);
            _runtime.Save(tx, instance, FlowInterpreter.Default.Replay(definition, instance.Id, events).State);
            var queue = await tx.Connection.ExecuteScalarAsync<string>(new CommandDefinition("""
                UPDATE flow_work_items SET status = 'waiting', attempt = 1, run_at = @now, lease_owner = NULL, lease_until = NULL, updated_at = @now
                WHERE id = @id
                RETURNING queue
                """, new { id = workItemId, now = _runtime.Now }, tx.Transaction, cancellationToken: cancellationToken));
            tx.Defer(FlowWriteGroups.WakeCommand([queue!]));
            return 0;
        }, cancellationToken);

    private static async Task<LockedInstance> LockRunningAsync(FlowTx tx, string instanceId, CancellationToken cancellationToken)
    {
        var instance = await FlowRuntime.LockAsync(tx, instanceId, cancellationToken) ?? throw new FlowInstanceNotFoundException(instanceId);
        return instance.State.IsFinished
            ? throw new FlowInstanceFinishedException(instanceId, FlowRuntime.StatusText(instance.State.Status))
            : instance;
    }
}

/// <summary>Turns journal rows into the events the interpreter folds, honouring engine notes.</summary>
public static class JournalFold
{
    /// <summary>Engine note: an operator retried dead-lettered activity <c>seq</c>; the final failure before it no longer counts.</summary>
    public const string StepRetried = "stepRetried";

    /// <summary>The events to replay, oldest first, from (kind, json) rows in seq order.</summary>
    public static List<FlowEvent> Events(IEnumerable<(string Kind, string Json)> rows)
    {
        var events = new List<FlowEvent>();
        foreach (var (kind, json) in rows)
        {
            if (kind == "event")
            {
                events.Add(JsonSerializer.Deserialize<FlowEvent>(json, FlowJson.Options)!);
                continue;
            }

            var note = JsonNode.Parse(json)!;
            if ((string?)note["type"] == StepRetried)
            {
                var seq = (int)note["seq"]!;
                var index = events.FindLastIndex(e => e is ActivityFailed { IsFinal: true } f && f.Seq == seq);
                if (index >= 0)
                {
                    events.RemoveAt(index);
                }
            }
        }

        return events;
    }
}
