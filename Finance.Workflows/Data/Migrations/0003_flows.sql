-- The embedded flow engine (DESIGN.md §3): definitions, instances, their append-only journal, the work
-- workers lease, and cron schedules. Times are UTC (timestamptz); the engine passes its TimeProvider's
-- clock rather than now(), so tests can move time.

CREATE TABLE IF NOT EXISTS flow_definitions (
    id           text        NOT NULL,
    version      int         NOT NULL CHECK (version >= 1),
    status       text        NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
    definition   jsonb       NOT NULL,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    published_at timestamptz,
    retired_at   timestamptz,
    PRIMARY KEY (id, version)
);

-- At most one published version per flow: the one new instances start on. Publishing retires the old
-- one first in the same transaction; a concurrent publish fails on this index instead of leaving two.
CREATE UNIQUE INDEX IF NOT EXISTS flow_definitions_one_published ON flow_definitions (id) WHERE status = 'published';

CREATE TABLE IF NOT EXISTS flow_instances (
    id                 text        PRIMARY KEY,
    flow_id            text        NOT NULL,
    version            int         NOT NULL,
    -- Mirrors state->>'status' (FlowStatus, camelCase) for filtering without reading the state.
    status             text        NOT NULL,
    company_id         smallint    REFERENCES companies (id),
    company_code       text,
    correlation_id     text,
    parent_instance_id text        REFERENCES flow_instances (id),
    -- The parent's child sequence number, and whether the parent waits for this child to finish.
    parent_seq         int,
    parent_waits       boolean     NOT NULL DEFAULT false,
    state              jsonb       NOT NULL,
    -- Sequence number of the last journal entry; the instance row lock serialises appends.
    last_seq           int         NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    finished_at        timestamptz,
    FOREIGN KEY (flow_id, version) REFERENCES flow_definitions (id, version)
);

-- The read side's filters: by flow and status (newest first), by company, by business key, children of a parent.
CREATE INDEX IF NOT EXISTS flow_instances_flow_status ON flow_instances (flow_id, status, created_at DESC);
CREATE INDEX IF NOT EXISTS flow_instances_status ON flow_instances (status, created_at DESC);
CREATE INDEX IF NOT EXISTS flow_instances_company ON flow_instances (company_id, created_at DESC);
CREATE INDEX IF NOT EXISTS flow_instances_correlation ON flow_instances (correlation_id) WHERE correlation_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS flow_instances_parent ON flow_instances (parent_instance_id) WHERE parent_instance_id IS NOT NULL;

-- Every event applied to an instance, in order. Append-only: rows are never updated or deleted. The
-- engine appends while holding the instance row lock (SELECT ... FOR UPDATE), so seq has no gaps or races.
CREATE TABLE IF NOT EXISTS flow_journal (
    instance_id text        NOT NULL REFERENCES flow_instances (id),
    seq         int         NOT NULL,
    -- 'event' rows hold a FlowEvent (what the interpreter saw); 'engine' rows hold engine notes that the
    -- interpreter never sees (a dead-lettered step retried by an operator).
    kind        text        NOT NULL DEFAULT 'event' CHECK (kind IN ('event', 'engine')),
    event       jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (instance_id, seq)
);

-- Activities to run and timers to fire. A worker leases a row (status active, lease_owner, lease_until),
-- runs it, and records the result in a second transaction only if it still owns the lease.
CREATE TABLE IF NOT EXISTS flow_work_items (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    instance_id      text        NOT NULL REFERENCES flow_instances (id),
    kind             text        NOT NULL CHECK (kind IN ('activity', 'timer')),
    queue            text        NOT NULL,
    activity_name    text,
    step_path        text,
    -- The interpreter's activity sequence number (activities) or timer id (timers).
    seq              int,
    timer_id         text,
    idempotency_key  text,
    input            jsonb,
    retry            jsonb,
    timeout_ms       bigint,
    attempt          int         NOT NULL DEFAULT 1,
    -- When someone should next look at the row: when it becomes due (waiting), or when its lease
    -- expires (active). One column for both lets one index serve the lease query, re-leases included.
    run_at           timestamptz NOT NULL,
    lease_owner      text,
    lease_until      timestamptz,
    -- When the current (or last) attempt was leased, i.e. started: "running since" for operators, and
    -- created_at → leased_at is the enqueue-to-start latency the benchmark reports.
    leased_at        timestamptz,
    status           text        NOT NULL CHECK (status IN ('waiting', 'active', 'done', 'dead', 'cancelled')),
    last_error       text,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

-- The lease query: due rows of one queue, oldest first, FOR UPDATE SKIP LOCKED. Partial, so finished
-- rows (the vast majority over time) never enter it.
CREATE INDEX IF NOT EXISTS flow_work_items_due ON flow_work_items (queue, run_at) WHERE status IN ('waiting', 'active');
-- Cancelling an instance's pending work; the instance page lists its work items.
CREATE INDEX IF NOT EXISTS flow_work_items_instance ON flow_work_items (instance_id);
-- Queue statistics: completed/dead in the last hour per queue.
CREATE INDEX IF NOT EXISTS flow_work_items_finished ON flow_work_items (queue, status, updated_at) WHERE status IN ('done', 'dead');

-- Steps whose last attempt failed: the operator's list (and what an alert points to).
CREATE OR REPLACE VIEW flow_dead_letters AS
SELECT w.id AS work_item_id, w.instance_id, i.flow_id, i.version, i.company_code, i.correlation_id,
       w.queue, w.activity_name, w.step_path, w.idempotency_key, w.attempt, w.last_error, w.updated_at AS dead_at
FROM flow_work_items w
JOIN flow_instances i ON i.id = w.instance_id
WHERE w.status = 'dead';

CREATE TABLE IF NOT EXISTS flow_schedules (
    id           text        PRIMARY KEY,
    flow_id      text        NOT NULL,
    cron         text        NOT NULL,
    time_zone    text        NOT NULL DEFAULT 'Europe/Zurich',
    input        jsonb,
    company_code text,
    paused       boolean     NOT NULL DEFAULT false,
    next_fire_at timestamptz,
    last_fire_at timestamptz,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);

-- The scheduler's query: due, unpaused schedules.
CREATE INDEX IF NOT EXISTS flow_schedules_due ON flow_schedules (next_fire_at) WHERE NOT paused;

-- One row per fire time that started its flow. The primary key is what makes a fire time start its flow
-- exactly once: schedulers race to insert it, and the loser's insert waits for the winner's transaction
-- and then conflicts (ON CONFLICT DO NOTHING), so it starts nothing.
CREATE TABLE IF NOT EXISTS flow_schedule_fires (
    schedule_id text        NOT NULL REFERENCES flow_schedules (id) ON DELETE CASCADE,
    fire_time   timestamptz NOT NULL,
    instance_id text        NOT NULL,
    claimed_at  timestamptz NOT NULL,
    PRIMARY KEY (schedule_id, fire_time)
);

-- Side effects of the diagnostic activity diag.record (tests and benchmarks only, see
-- Finance.Workflows/Activities/Diagnostics): one row per idempotency key, however often it ran.
CREATE TABLE IF NOT EXISTS flow_diagnostic_records (
    idempotency_key text        PRIMARY KEY,
    instance_id     text        NOT NULL,
    value           jsonb,
    executions      int         NOT NULL DEFAULT 1,
    recorded_at     timestamptz NOT NULL
);
