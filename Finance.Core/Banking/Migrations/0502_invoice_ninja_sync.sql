-- Invoice Ninja v5 sync (issue 13 item 5): which of our customers, invoices and payments stand for a record of another
-- system (its source and id there), and the conflicts the sync keeps for a person to review. Banking's range because the
-- sync lives with the banking connections (sync_cursors, 0500) and builds on the invoicing tables (0010, 0300).

-- A record of another system is here once per company: the sync finds its copy by (source, external id), never by
-- name or number. Both columns set or neither (a customer made here has no external id).
ALTER TABLE customers
    ADD COLUMN IF NOT EXISTS external_source text,
    ADD COLUMN IF NOT EXISTS external_id     text,
    ADD CONSTRAINT customers_external_pair CHECK ((external_source IS NULL) = (external_id IS NULL));
CREATE UNIQUE INDEX IF NOT EXISTS customers_external ON customers (company_id, external_source, external_id) WHERE external_id IS NOT NULL;

-- external_updated_at: the updated_at (theirs, UTC) of the version we copied last, shown beside a conflict.
ALTER TABLE invoices
    ADD COLUMN IF NOT EXISTS external_source     text,
    ADD COLUMN IF NOT EXISTS external_id         text,
    ADD COLUMN IF NOT EXISTS external_updated_at timestamptz,
    ADD CONSTRAINT invoices_external_pair CHECK ((external_source IS NULL) = (external_id IS NULL));
CREATE UNIQUE INDEX IF NOT EXISTS invoices_external ON invoices (company_id, external_source, external_id) WHERE external_id IS NOT NULL;

-- A payment recorded here on an invoice from Invoice Ninja is pushed there once; external_id then holds the payment's id
-- there (pushed_at when). A payment that came from there (its paid_to_date rose) carries a source too, so it is never
-- pushed back. No "pushing" state is written before the POST: the POST carries our payment id in a custom field, and
-- each run reads Invoice Ninja's payments since its cursor before pushing (NinjaSyncPlanner), so a run that died between
-- the POST and its commit left the proof there, and the next run records it instead of posting again.
ALTER TABLE invoice_payments
    ADD COLUMN IF NOT EXISTS external_source    text,
    ADD COLUMN IF NOT EXISTS external_id        text,
    ADD COLUMN IF NOT EXISTS external_pushed_at timestamptz,
    ADD CONSTRAINT invoice_payments_external_pair CHECK ((external_source IS NULL) = (external_id IS NULL));
CREATE UNIQUE INDEX IF NOT EXISTS invoice_payments_external ON invoice_payments (company_id, external_source, external_id) WHERE external_id IS NOT NULL;

-- What the sync would not decide alone: the two values of one field of one record, since when, and whether a person (or
-- a later run that found the copies agreeing again) settled it. Nothing was overwritten for an open conflict.
CREATE TABLE IF NOT EXISTS sync_conflicts (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id   smallint    NOT NULL REFERENCES companies (id),
    source       text        NOT NULL CHECK (source IN ('invoice_ninja')),
    entity       text        NOT NULL CHECK (entity IN ('customer', 'invoice', 'payment')),
    external_id  text        NOT NULL,
    local_id     uuid,
    field        text        NOT NULL,
    their_value  text,
    our_value    text,
    reason       text        NOT NULL,
    detected_at  timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    resolved_at  timestamptz,
    resolved_by  text,
    resolution   text
);

-- One open conflict per record and field: a run that finds it again refreshes the values and last_seen_at, it does not
-- pile up rows; once resolved, a new difference opens a new row (the old one stays as history).
CREATE UNIQUE INDEX IF NOT EXISTS sync_conflicts_open ON sync_conflicts (company_id, source, entity, external_id, field) WHERE resolved_at IS NULL;
-- The review list: a company's conflicts, open first, newest first.
CREATE INDEX IF NOT EXISTS sync_conflicts_company ON sync_conflicts (company_id, detected_at DESC);
