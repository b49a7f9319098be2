-- One row per e-mail actually handed to the SMTP server, keyed by the idempotency key of the flow step that
-- sent it: a retried step finds its row and does not send again (issue: e-mail sent exactly once per step).
CREATE TABLE IF NOT EXISTS sent_emails (
    idempotency_key text        PRIMARY KEY,
    company_id      smallint    REFERENCES companies (id),
    message_id      text        NOT NULL,
    recipient       text        NOT NULL,
    subject         text        NOT NULL,
    sent_at         timestamptz NOT NULL
);
