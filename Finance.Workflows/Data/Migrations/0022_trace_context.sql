-- Trace context across processes (W3C traceparent): an instance remembers the span that started it, so each of its
-- steps, run by whichever worker leases it, joins that trace; an outbox row remembers the span that wrote it, so
-- the relay's publication joins it too. Null for rows written outside any trace.
ALTER TABLE flow_instances ADD COLUMN IF NOT EXISTS trace_parent text;
ALTER TABLE outbox ADD COLUMN IF NOT EXISTS trace_parent text;
