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
    private readonly List<(string Type, string? Company, object Payload)> _events = [];
    private DateTimeOffset _doneAt;
    private DateTimeOffset _savedAt;
    private DateTimeOffset _eventsAt;

    public bool IsEmpty => _new.Count == 0 && _journal.Count == 0 && _dirty.Count == 0 && _activities.Count == 0 && _done.Count == 0
        && _finished.Count == 0 && _events.Count == 0 && _wake.Count == 0;

    /// <summary>An instance finished: whatever work it still had waiting (timers, a pending retry) is cancelled.</summary>
    public void CancelPending(string instanceId) => _finished.Add(instanceId);

    /// <summary>An outbox event, written with the others of the flush in one insert, in this order.</summary>
    public void Event(string type, string? company, object payload, DateTimeOffset at)
    {
        _events.Add((type, company, payload));
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
                                            parent_seq, parent_waits, state, last_seq, created_at, updated_at, finished_at)
                SELECT x.id, x.f, x.v, x.stt, c.id, x.co, x.cor, x.p, x.ps, x.pw, x.st::jsonb, x.seq, @now, @now, CASE WHEN x.fin THEN @now END
                FROM unnest(@id::text[], @f::text[], @v::int[], @stt::text[], @co::text[], @cor::text[], @p::text[], @ps::int[],
                            @pw::bool[], @st::text[], @seq::int[], @fin::bool[]) AS x(id, f, v, stt, co, cor, p, ps, pw, st, seq, fin)
                LEFT JOIN companies c ON c.code = x.co
                """);
            var created = _new.Values.ToArray();
            command.Parameters.AddWithValue("id", created.Select(i => i.Id).ToArray());
            command.Parameters.AddWithValue("f", created.Select(i => i.FlowId).ToArray());
            command.Parameters.AddWithValue("v", created.Select(i => i.Version).ToArray());
            command.Parameters.AddWithValue("stt", created.Select(i => FlowRuntime.StatusText(i.State.Status)).ToArray());
            command.Parameters.AddWithValue("co", created.Select(i => i.CompanyCode).ToArray());
            command.Parameters.AddWithValue("cor", created.Select(i => i.CorrelationId).ToArray());
            command.Parameters.AddWithValue("p", created.Select(i => i.ParentInstanceId).ToArray());
            command.Parameters.AddWithValue("ps", created.Select(i => i.ParentSeq).ToArray());
            command.Parameters.AddWithValue("pw", created.Select(i => i.ParentWaits).ToArray());
            command.Parameters.AddWithValue("st", created.Select(i => JsonSerializer.Serialize(i.State, FlowJson.Options)).ToArray());
            command.Parameters.AddWithValue("seq", created.Select(i => i.LastSeq).ToArray());
            command.Parameters.AddWithValue("fin", created.Select(i => i.State.IsFinished).ToArray());
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
                    SELECT i, s, k, e::jsonb, t FROM unnest(@ji::text[], @js::int[], @jk::text[], @je::text[], @jt::timestamptz[]) AS j(i, s, k, e, t))
                UPDATE flow_instances f
                SET state = u.st::jsonb, status = u.stt, last_seq = u.seq, updated_at = @now,
                    finished_at = CASE WHEN u.fin THEN coalesce(f.finished_at, @now) END
                FROM unnest(@si::text[], @ss::text[], @sst::text[], @sq::int[], @sf::bool[]) AS u(id, st, stt, seq, fin)
                WHERE f.id = u.id
                """);
            command.Parameters.AddWithValue("ji", _journal.Select(j => j.InstanceId).ToArray());
            command.Parameters.AddWithValue("js", _journal.Select(j => j.Seq).ToArray());
            command.Parameters.AddWithValue("jk", _journal.Select(j => j.Kind).ToArray());
            command.Parameters.AddWithValue("je", _journal.Select(j => j.Json).ToArray());
            command.Parameters.AddWithValue("jt", _journal.Select(j => j.At).ToArray());
            var dirty = _dirty.Values.ToArray();
            command.Parameters.AddWithValue("si", dirty.Select(i => i.Id).ToArray());
            command.Parameters.AddWithValue("ss", dirty.Select(i => JsonSerializer.Serialize(i.State, FlowJson.Options)).ToArray());
            command.Parameters.AddWithValue("sst", dirty.Select(i => FlowRuntime.StatusText(i.State.Status)).ToArray());
            command.Parameters.AddWithValue("sq", dirty.Select(i => i.LastSeq).ToArray());
            command.Parameters.AddWithValue("sf", dirty.Select(i => i.State.IsFinished).ToArray());
            command.Parameters.AddWithValue("now", _savedAt);
            batch.BatchCommands.Add(command);
        }

        if (_activities.Count > 0)
        {
            // A handed-over activity goes in active, leased to the worker that runs it next; run_at is its lease expiry.
            var command = new NpgsqlBatchCommand("""
                INSERT INTO flow_work_items (instance_id, kind, queue, activity_name, step_path, seq, idempotency_key, input, retry,
                                             timeout_ms, attempt, run_at, status, lease_owner, leased_at, lease_until, created_at, updated_at)
                SELECT i, 'activity', q, n, p, s, k, inp::jsonb, r::jsonb, t, a, coalesce(lu, at), CASE WHEN o IS NULL THEN 'waiting' ELSE 'active' END,
                       o, la, lu, at, at
                FROM unnest(@i::text[], @q::text[], @n::text[], @p::text[], @s::int[], @k::text[], @inp::text[], @r::text[],
                            @t::bigint[], @a::int[], @at::timestamptz[], @o::text[], @la::timestamptz[], @lu::timestamptz[])
                     AS x(i, q, n, p, s, k, inp, r, t, a, at, o, la, lu)
                RETURNING id AS new_id, instance_id AS new_instance_id, seq AS new_seq
                """);
            command.Parameters.AddWithValue("i", _activities.Select(a => a.InstanceId).ToArray());
            command.Parameters.AddWithValue("q", _activities.Select(a => a.Queue).ToArray());
            command.Parameters.AddWithValue("n", _activities.Select(a => a.Name).ToArray());
            command.Parameters.AddWithValue("p", _activities.Select(a => a.StepPath).ToArray());
            command.Parameters.AddWithValue("s", _activities.Select(a => a.Seq).ToArray());
            command.Parameters.AddWithValue("k", _activities.Select(a => a.Key).ToArray());
            command.Parameters.AddWithValue("inp", _activities.Select(a => a.Input).ToArray());
            command.Parameters.AddWithValue("r", _activities.Select(a => a.Retry).ToArray());
            command.Parameters.AddWithValue("t", _activities.Select(a => a.TimeoutMs).ToArray());
            command.Parameters.AddWithValue("a", _activities.Select(a => a.Attempt).ToArray());
            command.Parameters.AddWithValue("at", _activities.Select(a => a.At).ToArray());
            command.Parameters.AddWithValue("o", _activities.Select(a => a.LeaseOwner).ToArray());
            command.Parameters.AddWithValue("la", _activities.Select(a => a.LeasedAt).ToArray());
            command.Parameters.AddWithValue("lu", _activities.Select(a => a.LeaseUntil).ToArray());
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
        var command = new NpgsqlBatchCommand($"SELECT pg_notify('{FlowWorkRunner.WorkChannel}', q) FROM unnest(@queues::text[]) AS q");
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
