-- Idempotency-Key (IETF draft-ietf-httpapi-idempotency-key-header): the first answer to a key, so a repeated request
-- gets it back without a second effect. The row is inserted first, in the transaction of the effect itself: a concurrent
-- duplicate blocks on the primary key until that transaction ends, then finds the answer (commit) or takes the key
-- (rollback). Keys are scoped per principal and company, so two callers never see each other's answers.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    scope       text        NOT NULL,
    key         text        NOT NULL,
    -- SHA-256 of method, path and body: the same key with another request is refused (422), not answered.
    fingerprint text        NOT NULL,
    status      smallint,
    location    text,
    body        text,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    PRIMARY KEY (scope, key)
);

-- For the purge of expired keys (the workers delete them in batches); an expired key is also taken over on reuse.
CREATE INDEX IF NOT EXISTS idempotency_keys_expiry ON idempotency_keys (expires_at);

-- Flow starts written in the transaction of the state change that asks for them (a payment and its invoice.mark-paid),
-- relayed to the engine by the workers at least once. The engine cannot join a PostgreSQL transaction when it is
-- Temporal; the instance id is the primary key and the engine's workflow id, so a repeated relay starts nothing new.
CREATE TABLE IF NOT EXISTS flow_starts (
    instance_id     text        PRIMARY KEY,
    flow_id         text        NOT NULL,
    version         integer,
    input           jsonb,
    company_code    text,
    correlation_id  text,
    trace_parent    text,
    created_at      timestamptz NOT NULL,
    next_attempt_at timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    started_at      timestamptz
);

-- The relay's only query: starts still to make, by due time. Partial, so it stays as small as the backlog.
CREATE INDEX IF NOT EXISTS flow_starts_pending ON flow_starts (next_attempt_at) WHERE started_at IS NULL;
