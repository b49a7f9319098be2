-- Transactional outbox (DESIGN.md §4): a state change and the event announcing it commit together;
-- Finance.Workers relays unrelayed rows to the Redis Stream finance:events.
CREATE TABLE IF NOT EXISTS outbox (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The writing transaction's id. The relay only takes rows whose transaction is older than every
    -- transaction still running (pg_snapshot_xmin), so a slow writer can never have its event
    -- overtaken by one that committed later but was numbered earlier.
    tx_id       xid8        NOT NULL DEFAULT pg_current_xact_id(),
    type        text        NOT NULL CHECK (type ~ '^[a-z_]+\.[a-z_.]+$'),
    company_id  smallint    REFERENCES companies (id),
    payload     jsonb       NOT NULL,
    occurred_at timestamptz NOT NULL,
    relayed_at  timestamptz
);

-- The relay's only query: unrelayed rows in commit order. Partial, so it stays as small as the backlog.
CREATE INDEX IF NOT EXISTS outbox_unrelayed ON outbox (tx_id, id) WHERE relayed_at IS NULL;
