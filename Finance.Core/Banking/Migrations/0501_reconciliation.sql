-- Reconciliation: what matched which bank transaction (by the engine or a person), the ranked suggestions of the review
-- queue, the editable rules, and each run. Undoing a match keeps its row (status undone, who, when, why): the audit trail.

CREATE TABLE IF NOT EXISTS reconciliation_matches (
    id             uuid          PRIMARY KEY,
    company_id     smallint      NOT NULL REFERENCES companies (id),
    transaction_id uuid          NOT NULL REFERENCES bank_transactions (id),
    target         text          NOT NULL CHECK (target IN ('invoice', 'bill', 'fee', 'ignored')),
    invoice_id     uuid          REFERENCES invoices (id),
    bill_id        uuid          REFERENCES bills (id),
    payment_id     uuid          REFERENCES invoice_payments (id),
    amount         numeric(19,4) NOT NULL,
    currency       char(3)       NOT NULL,
    write_off      numeric(19,4) NOT NULL DEFAULT 0,
    fee            numeric(19,4) NOT NULL DEFAULT 0,
    kind           text          NOT NULL,
    score          numeric(5,4)  NOT NULL,
    reasons        text          NOT NULL DEFAULT '',
    automatic      boolean       NOT NULL,
    status         text          NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'undone')),
    confirmed_by   text          NOT NULL,
    confirmed_at   timestamptz   NOT NULL,
    undone_by      text,
    undone_at      timestamptz,
    undo_reason    text,
    CHECK ((target = 'invoice') = (invoice_id IS NOT NULL) AND (target = 'bill') = (bill_id IS NOT NULL))
);

CREATE INDEX IF NOT EXISTS reconciliation_matches_transaction ON reconciliation_matches (transaction_id);
CREATE INDEX IF NOT EXISTS reconciliation_matches_company ON reconciliation_matches (company_id, confirmed_at DESC);

-- The review queue: a transaction's candidates, best first, replaced by every run.
CREATE TABLE IF NOT EXISTS reconciliation_suggestions (
    transaction_id uuid          NOT NULL REFERENCES bank_transactions (id) ON DELETE CASCADE,
    rank           integer       NOT NULL,
    kind           text          NOT NULL,
    fit            text          NOT NULL,
    score          numeric(5,4)  NOT NULL,
    allocations    jsonb         NOT NULL,
    write_off      numeric(19,4) NOT NULL DEFAULT 0,
    fee            numeric(19,4) NOT NULL DEFAULT 0,
    reasons        text          NOT NULL DEFAULT '',
    created_at     timestamptz   NOT NULL,
    PRIMARY KEY (transaction_id, rank)
);

CREATE TABLE IF NOT EXISTS reconciliation_rules (
    id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id smallint    REFERENCES companies (id),
    name       text        NOT NULL,
    position   integer     NOT NULL DEFAULT 100,
    condition  jsonb       NOT NULL,
    action     jsonb       NOT NULL,
    active     boolean     NOT NULL DEFAULT true,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS reconciliation_runs (
    id             uuid        PRIMARY KEY,
    company_id     smallint    NOT NULL REFERENCES companies (id),
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz NOT NULL,
    lines          integer     NOT NULL,
    open_items     integer     NOT NULL,
    auto_confirmed integer     NOT NULL,
    suggested      integer     NOT NULL,
    unmatched      integer     NOT NULL,
    by_rules       integer     NOT NULL
);

CREATE INDEX IF NOT EXISTS reconciliation_runs_company ON reconciliation_runs (company_id, started_at DESC);
