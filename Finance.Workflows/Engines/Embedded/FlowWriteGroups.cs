using System.Text.Json;
using Finance.Workflows.Model;
using Npgsql;

namespace Finance.Workflows.Engines.Embedded;

/// <summary>
/// The hot-path writes of a transaction, gathered into one multi-row statement each (arrays and <c>unnest</c>) when the
/// transaction flushes, however many steps it applies: journal rows plus the final state of every instance it changed,
/// new activity work items, and work items finished as done. They go out ahead of the other deferred writes of the same
/// flush, which only ever need to come after them (an instance's pending work is cancelled after its last insert).
/// </summary>
internal sealed class FlowWriteGroups
{
    private readonly List<(string InstanceId, int Seq, string Kind, string Json, DateTimeOffset At)> _journal = [];
    private readonly Dictionary<string, LockedInstance> _dirty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LockedInstance> _new = new(StringComparer.Ordinal);
    private readonly List<NewActivity> _activities = [];
    private readonly List<long> _done = [];
    private readonly List<string> _finished = [];
    private readonly HashSet<string> _wake = new(StringComparer.Ordinal);
    private readonly List<(string Type, string? Company, object Payload, string? TraceParent)> _events = [];
    private DateTimeOffset _doneAt;
    private DateTimeOffset _savedAt;
    private DateTimeOffset _eventsAt;

    public bool IsEmpty => _new.Count == 0 && _journal.Count == 0 && _dirty.Count == 0 && _activities.Count == 0 && _done.Count == 0
        && _finished.Count == 0 && _events.Count == 0 && _wake.Count == 0;

    /// <summary>An instance finished: whatever work it still had waiting (timers, a pending retry) is cancelled.</summary>
    public void CancelPending(string instanceId) => _finished.Add(instanceId);

    /// <summary>An outbox event, written with the others of the flush in one insert, in this order, with the trace it continues.</summary>
    public void Event(string type, string? company, object payload, DateTimeOffset at, string? traceParent)
    {
        _events.Add((type, company, payload, traceParent));
        _eventsAt = at;
    }

    /// <summary>A new instance: inserted at the flush with its state as it stands then (later changes are updates).</summary>
    public void Insert(LockedInstance instance) => _new[instance.Id] = instance;

    public void Journal(string instanceId, int seq, string kind, string json, DateTimeOffset at) => _journal.Add((instanceId, seq, kind, json, at));

    /// <summary>The instance's state is written once, as it stands at the flush.</summary>
    public void Save(LockedInstance instance, DateTimeOffset at)
    {
        _dirty[instance.Id] = instance;
        _savedAt = at;
    }

    public void Activity(NewActivity activity) => _activities.Add(activity);

    /// <summary>
    /// The hand-over: the new activities of <paramref name="queues"/>' instances (instance id → the queue its worker
    /// serves) are inserted already leased to <paramref name="owner"/>, which runs them next. Returns them as leased.
    /// </summary>
    public List<NewActivity> LeaseNew(IReadOnlyDictionary<string, string> queues, string owner, DateTimeOffset now, TimeSpan lease)
    {
        var leased = new List<NewActivity>();
        var taken = new HashSet<string>(StringComparer.Ordinal); // one per instance: its worker's slot runs one next
        for (var i = 0; i < _activities.Count; i++)
        {
            var a = _activities[i];
            if (queues.TryGetValue(a.InstanceId, out var queue) && a.Queue == queue && a.At <= now && a.LeaseOwner is null && taken.Add(a.InstanceId))
            {
                var until = now + TimeSpan.FromTicks(Math.Max(lease.Ticks, TimeSpan.FromMilliseconds((a.TimeoutMs ?? 0) + 1000).Ticks));
                _activities[i] = a with { LeaseOwner = owner, LeasedAt = now, LeaseUntil = until };
                leased.Add(_activities[i]);
            }
        }

        return leased;
    }

    public void Done(long workItemId, DateTimeOffset at)
    {
        _done.Add(workItemId);
        _doneAt = at;
    }

    public void AddTo(NpgsqlBatch batch)
    {
        if (_new.Count > 0)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO flow_instances (id, flow_id, version, status, company_id, company_code, correlation_id, parent_instance_id,
                                            parent_seq, parent_waits, state, last_seq, created_at, updated_at, finished_at, trace_parent)
                SELECT created.id, created.flow_id, created.version, created.status, c.id, created.company_code, created.correlation_id,
                       created.parent_instance_id, created.parent_seq, created.parent_waits, created.state::jsonb, created.last_seq,
                       @now, @now, CASE WHEN created.finished THEN @now END, created.trace_parent
                FROM unnest(@id::text[], @flow_id::text[], @version::int[], @status::text[], @company_code::text[],
                            @correlation_id::text[], @parent_instance_id::text[], @parent_seq::int[], @parent_waits::bool[],
                            @state::text[], @last_seq::int[], @finished::bool[], @trace_parent::text[])
                     AS created(id, flow_id, version, status, company_code, correlation_id, parent_instance_id, parent_seq,
                                parent_waits, state, last_seq, finished, trace_parent)
                LEFT JOIN companies c ON c.code = created.company_code
                """);
            var created = _new.Values.ToArray();
            command.Parameters.AddWithValue("id", created.Select(i => i.Id).ToArray());
            command.Parameters.AddWithValue("flow_id", created.Select(i => i.FlowId).ToArray());
            command.Parameters.AddWithValue("version", created.Select(i => i.Version).ToArray());
            command.Parameters.AddWithValue("status", created.Select(i => FlowRuntime.StatusText(i.State.Status)).ToArray());
            command.Parameters.AddWithValue("company_code", created.Select(i => i.CompanyCode).ToArray());
            command.Parameters.AddWithValue("correlation_id", created.Select(i => i.CorrelationId).ToArray());
            command.Parameters.AddWithValue("parent_instance_id", created.Select(i => i.ParentInstanceId).ToArray());
            command.Parameters.AddWithValue("parent_seq", created.Select(i => i.ParentSeq).ToArray());
            command.Parameters.AddWithValue("parent_waits", created.Select(i => i.ParentWaits).ToArray());
            command.Parameters.AddWithValue("state", created.Select(i => JsonSerializer.Serialize(i.State, FlowJson.Options)).ToArray());
            command.Parameters.AddWithValue("last_seq", created.Select(i => i.LastSeq).ToArray());
            command.Parameters.AddWithValue("finished", created.Select(i => i.State.IsFinished).ToArray());
            command.Parameters.AddWithValue("trace_parent", created.Select(i => i.TraceParent).ToArray());
            command.Parameters.AddWithValue("now", _savedAt);
            batch.BatchCommands.Add(command);
            foreach (var instance in created)
            {
                _dirty.Remove(instance.Id);
            }
        }

        if (_journal.Count > 0 || _dirty.Count > 0)
        {
            var command = new NpgsqlBatchCommand("""
                WITH journal AS (
                    INSERT INTO flow_journal (instance_id, seq, kind, event, recorded_at)
                    SELECT appended.instance_id, appended.seq, appended.kind, appended.event::jsonb, appended.recorded_at
                    FROM unnest(@journal_instance_id::text[], @journal_seq::int[], @journal_kind::text[], @journal_event::text[],
                                @journal_recorded_at::timestamptz[]) AS appended(instance_id, seq, kind, event, recorded_at))
                UPDATE flow_instances f
                SET state = saved.state::jsonb, status = saved.status, last_seq = saved.last_seq, updated_at = @now,
                    finished_at = CASE WHEN saved.finished THEN coalesce(f.finished_at, @now) END
                FROM unnest(@saved_id::text[], @saved_state::text[], @saved_status::text[], @saved_last_seq::int[], @saved_finished::bool[])
                     AS saved(id, state, status, last_seq, finished)
                WHERE f.id = saved.id
                """);
            command.Parameters.AddWithValue("journal_instance_id", _journal.Select(j => j.InstanceId).ToArray());
            command.Parameters.AddWithValue("journal_seq", _journal.Select(j => j.Seq).ToArray());
            command.Parameters.AddWithValue("journal_kind", _journal.Select(j => j.Kind).ToArray());
            command.Parameters.AddWithValue("journal_event", _journal.Select(j => j.Json).ToArray());
            command.Parameters.AddWithValue("journal_recorded_at", _journal.Select(j => j.At).ToArray());
            var dirty = _dirty.Values.ToArray();
            command.Parameters.AddWithValue("saved_id", dirty.Select(i => i.Id).ToArray());
            command.Parameters.AddWithValue("saved_state", dirty.Select(i => JsonSerializer.Serialize(i.State, FlowJson.Options)).ToArray());
            command.Parameters.AddWithValue("saved_status", dirty.Select(i => FlowRuntime.StatusText(i.State.Status)).ToArray());
            command.Parameters.AddWithValue("saved_last_seq", dirty.Select(i => i.LastSeq).ToArray());
            command.Parameters.AddWithValue("saved_finished", dirty.Select(i => i.State.IsFinished).ToArray());
            command.Parameters.AddWithValue("now", _savedAt);
            batch.BatchCommands.Add(command);
        }

        if (_activities.Count > 0)
        {
            // A handed-over activity goes in active, leased to the worker that runs it next; run_at is its lease expiry.
            var command = new NpgsqlBatchCommand("""
                INSERT INTO flow_work_items (instance_id, kind, queue, activity_name, step_path, seq, idempotency_key, input, retry,
                                             timeout_ms, attempt, run_at, status, lease_owner, leased_at, lease_until, created_at, updated_at)
                SELECT added.instance_id, 'activity', added.queue, added.activity_name, added.step_path, added.seq, added.idempotency_key,
                       added.input::jsonb, added.retry::jsonb, added.timeout_ms, added.attempt, coalesce(added.lease_until, added.created_at),
                       CASE WHEN added.lease_owner IS NULL THEN 'waiting' ELSE 'active' END,
                       added.lease_owner, added.leased_at, added.lease_until, added.created_at, added.created_at
                FROM unnest(@instance_id::text[], @queue::text[], @activity_name::text[], @step_path::text[], @seq::int[],
                            @idempotency_key::text[], @input::text[], @retry::text[], @timeout_ms::bigint[], @attempt::int[],
                            @created_at::timestamptz[], @lease_owner::text[], @leased_at::timestamptz[], @lease_until::timestamptz[])
                     AS added(instance_id, queue, activity_name, step_path, seq, idempotency_key, input, retry, timeout_ms, attempt,
                              created_at, lease_owner, leased_at, lease_until)
                RETURNING id AS new_id, instance_id AS new_instance_id, seq AS new_seq
                """);
            command.Parameters.AddWithValue("instance_id", _activities.Select(a => a.InstanceId).ToArray());
            command.Parameters.AddWithValue("queue", _activities.Select(a => a.Queue).ToArray());
            command.Parameters.AddWithValue("activity_name", _activities.Select(a => a.Name).ToArray());
            command.Parameters.AddWithValue("step_path", _activities.Select(a => a.StepPath).ToArray());
            command.Parameters.AddWithValue("seq", _activities.Select(a => a.Seq).ToArray());
            command.Parameters.AddWithValue("idempotency_key", _activities.Select(a => a.Key).ToArray());
            command.Parameters.AddWithValue("input", _activities.Select(a => a.Input).ToArray());
            command.Parameters.AddWithValue("retry", _activities.Select(a => a.Retry).ToArray());
            command.Parameters.AddWithValue("timeout_ms", _activities.Select(a => a.TimeoutMs).ToArray());
            command.Parameters.AddWithValue("attempt", _activities.Select(a => a.Attempt).ToArray());
            command.Parameters.AddWithValue("created_at", _activities.Select(a => a.At).ToArray());
            command.Parameters.AddWithValue("lease_owner", _activities.Select(a => a.LeaseOwner).ToArray());
            command.Parameters.AddWithValue("leased_at", _activities.Select(a => a.LeasedAt).ToArray());
            command.Parameters.AddWithValue("lease_until", _activities.Select(a => a.LeaseUntil).ToArray());
            batch.BatchCommands.Add(command);
            _wake.UnionWith(_activities.Where(a => a.LeaseOwner is null).Select(a => a.Queue));
        }

        if (_done.Count > 0)
        {
            // A finished row keeps the worker that ran it (for the operator).
            var command = new NpgsqlBatchCommand("""
                UPDATE flow_work_items SET status = 'done', run_at = @at, lease_until = NULL, updated_at = @at WHERE id = ANY(@ids)
                """);
            command.Parameters.AddWithValue("ids", _done.ToArray());
            command.Parameters.AddWithValue("at", _doneAt);
            batch.BatchCommands.Add(command);
        }

        _new.Clear();
        _journal.Clear();
        _dirty.Clear();
        _activities.Clear();
        _done.Clear();
    }

    /// <summary>A statement that notifies <see cref="FlowWorkRunner.WorkChannel"/> with each of <paramref name="queues"/> at commit.</summary>
    public static NpgsqlBatchCommand WakeCommand(IEnumerable<string> queues)
    {
        var command = new NpgsqlBatchCommand($"SELECT pg_notify('{FlowWorkRunner.WorkChannel}', woken.queue) FROM unnest(@queues::text[]) AS woken(queue)");
        command.Parameters.AddWithValue("queues", queues.Distinct(StringComparer.Ordinal).ToArray());
        return command;
    }

    /// <summary>The writes that come after the transaction's other deferred writes (a timer inserted just before its instance finished is cancelled too).</summary>
    public void AddLastTo(NpgsqlBatch batch)
    {
        if (_finished.Count > 0)
        {
            // Only waiting rows: an active activity belongs to a worker, which records its (ignored) result and closes the row.
            var command = new NpgsqlBatchCommand("""
                UPDATE flow_work_items SET status = 'cancelled', updated_at = @now
                WHERE instance_id = ANY(@ids) AND status = 'waiting'
                """);
            command.Parameters.AddWithValue("ids", _finished.ToArray());
            command.Parameters.AddWithValue("now", _savedAt);
            batch.BatchCommands.Add(command);
            _finished.Clear();
        }

        if (_wake.Count > 0)
        {
            // Delivered at commit to the workers listening: the queues that got work nobody holds yet.
            batch.BatchCommands.Add(WakeCommand(_wake));
            _wake.Clear();
        }

        if (_events.Count > 0)
        {
            batch.BatchCommands.Add(Core.Events.OutboxWriter.Command(_events, _eventsAt));
            _events.Clear();
        }
    }
}

internal sealed record NewActivity(
    string InstanceId, string Queue, string Name, string StepPath, int Seq, string Key, string Input, string Retry, long? TimeoutMs,
    int Attempt, DateTimeOffset At, string? LeaseOwner = null, DateTimeOffset? LeasedAt = null, DateTimeOffset? LeaseUntil = null);
