-- Reminders (dunning): one row per reminder level actually sent, keyed by the flow step that sent it, so a
-- retried step neither sends nor counts twice. The reminder count of an invoice is the count of its rows.
CREATE TABLE IF NOT EXISTS invoice_reminders (
    id              uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id      smallint      NOT NULL REFERENCES companies (id),
    invoice_id      uuid          NOT NULL REFERENCES invoices (id),
    level           smallint      NOT NULL CHECK (level BETWEEN 1 AND 3),
    fee             numeric(19,4) NOT NULL CHECK (fee >= 0),
    currency        char(3)       NOT NULL,
    open_amount     numeric(19,4) NOT NULL,
    pay_by          date          NOT NULL,
    idempotency_key text          NOT NULL UNIQUE,
    sent_at         timestamptz   NOT NULL
);

CREATE INDEX IF NOT EXISTS invoice_reminders_invoice ON invoice_reminders (invoice_id, level);

-- Set once by the daily overdue check, so running it twice raises each alert once.
ALTER TABLE invoices ADD COLUMN IF NOT EXISTS overdue_since date;

-- A payment recorded by a flow step carries the step's key: a retried step finds its payment instead of paying twice.
ALTER TABLE invoice_payments ADD COLUMN IF NOT EXISTS idempotency_key text UNIQUE;
