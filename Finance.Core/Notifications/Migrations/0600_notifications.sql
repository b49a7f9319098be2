-- Notifications: one capability every flow calls (issue 12 §6). A notification is written once per flow step (its
-- idempotency key), shown in-app to the roles it names in its company, e-mailed to the directory's recipients of those
-- roles, and posted to the webhook endpoints that subscribe to its topic, each delivery with its attempts logged.

CREATE TABLE IF NOT EXISTS notifications (
    id              uuid        PRIMARY KEY,
    idempotency_key text        NOT NULL UNIQUE,
    company_id      smallint    NOT NULL REFERENCES companies (id),
    topic           text        NOT NULL CHECK (topic ~ '^[a-z][a-z0-9_.-]{1,63}$'),
    roles           text[]      NOT NULL CHECK (cardinality(roles) > 0),
    title           text        NOT NULL,
    body            text        NOT NULL,
    link            text,
    data            jsonb       NOT NULL DEFAULT '{}',
    created_at      timestamptz NOT NULL
);

-- The inbox reads a company's newest notifications first.
CREATE INDEX IF NOT EXISTS notifications_inbox ON notifications (company_id, created_at DESC);

-- Read state per person (the token's subject): in-app notifications go to roles, so several people see each one.
CREATE TABLE IF NOT EXISTS notification_reads (
    notification_id uuid        NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    subject         text        NOT NULL,
    read_at         timestamptz NOT NULL,
    PRIMARY KEY (notification_id, subject)
);

-- Who gets e-mail: a person, the roles they hold, the companies (null: every company) and topics (empty: all) they want.
CREATE TABLE IF NOT EXISTS notification_recipients (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id smallint    REFERENCES companies (id),
    name       text        NOT NULL,
    email      text        NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    language   char(2)     NOT NULL DEFAULT 'en' CHECK (language IN ('fr', 'de', 'it', 'en')),
    roles      text[]      NOT NULL CHECK (cardinality(roles) > 0),
    topics     text[]      NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL
);

-- One entry per person and company scope; NULLS NOT DISTINCT so "every company" is one scope too.
CREATE UNIQUE INDEX IF NOT EXISTS notification_recipients_email ON notification_recipients (email, company_id) NULLS NOT DISTINCT;

CREATE TABLE IF NOT EXISTS webhook_endpoints (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id  smallint    REFERENCES companies (id),
    url         text        NOT NULL CHECK (url ~ '^https?://'),
    secret      text        NOT NULL CHECK (length(secret) >= 32),
    topics      text[]      NOT NULL DEFAULT '{}',
    description text,
    active      boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL
);

-- One delivery per notification and endpoint; the flow engine retries it (flow webhook.delivery), each try logged below.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id              uuid        PRIMARY KEY,
    endpoint_id     uuid        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    notification_id uuid        NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    last_status     integer,
    last_error      text,
    created_at      timestamptz NOT NULL,
    delivered_at    timestamptz,
    UNIQUE (endpoint_id, notification_id)
);

-- The delivery log an admin reads per endpoint, newest first.
CREATE INDEX IF NOT EXISTS webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC);

CREATE TABLE IF NOT EXISTS webhook_attempts (
    id          bigserial   PRIMARY KEY,
    delivery_id uuid        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempt     integer     NOT NULL,
    status_code integer,
    error       text,
    duration_ms integer     NOT NULL,
    at          timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);
