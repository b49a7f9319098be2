-- Banking (issue 13): the companies' bank accounts as sources of transactions, imported statements, the transactions
-- themselves (stored once each), and the sync cursors of the bank and Invoice Ninja connections. Money is
-- numeric(19,4) with its currency, signed on transactions: + money in, − money out (DESIGN.md §4).

-- The accounts exist since 0001 (invoices take their creditor account from them); banking adds where their
-- transactions come from: files (camt, CSV) or Revolut Business (its account id).
ALTER TABLE company_bank_accounts
    ADD COLUMN IF NOT EXISTS source      text NOT NULL DEFAULT 'file' CHECK (source IN ('file', 'revolut')),
    ADD COLUMN IF NOT EXISTS external_id text,
    ADD COLUMN IF NOT EXISTS bic         text;

-- A Revolut account id names one of our accounts.
CREATE UNIQUE INDEX IF NOT EXISTS company_bank_accounts_external ON company_bank_accounts (source, external_id) WHERE external_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS bank_statements (
    id              uuid          PRIMARY KEY,
    company_id      smallint      NOT NULL REFERENCES companies (id),
    account_id      integer       NOT NULL REFERENCES company_bank_accounts (id),
    format          text          NOT NULL,
    kind            text          NOT NULL CHECK (kind IN ('report', 'statement', 'notification', 'csv', 'revolut')),
    message_id      text,
    statement_id    text,
    file_sha256     char(64),
    from_date       timestamptz,
    to_date         timestamptz,
    opening_balance numeric(19,4),
    closing_balance numeric(19,4),
    currency        char(3),
    entries         integer       NOT NULL,
    imported        integer       NOT NULL,
    duplicates      integer       NOT NULL,
    imported_by     text          NOT NULL,
    imported_at     timestamptz   NOT NULL
);

-- The same statement of the same account is imported once (a bank re-sends files; a person uploads twice).
CREATE UNIQUE INDEX IF NOT EXISTS bank_statements_once ON bank_statements (account_id, kind, statement_id) WHERE statement_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS bank_statements_account ON bank_statements (account_id, to_date DESC);

CREATE TABLE IF NOT EXISTS bank_transactions (
    id                 uuid          PRIMARY KEY,
    company_id         smallint      NOT NULL REFERENCES companies (id),
    account_id         integer       NOT NULL REFERENCES company_bank_accounts (id),
    statement_id       uuid          REFERENCES bank_statements (id),
    -- What names the transaction at the bank: its own reference (AcctSvcrRef, Revolut id), else a digest of its content.
    dedup_key          text          NOT NULL,
    source             text          NOT NULL,
    booking_date       date          NOT NULL,
    value_date         date,
    amount             numeric(19,4) NOT NULL CHECK (amount <> 0),
    currency           char(3)       NOT NULL,
    counterparty_name  text,
    counterparty_iban  text,
    reference_type     text          CHECK (reference_type IN ('QRR', 'SCOR', 'OTHER')),
    reference          text,
    end_to_end_id      text,
    bank_reference     text,
    remittance         text,
    charges            numeric(19,4),
    instructed_amount  numeric(19,4),
    instructed_currency char(3),
    exchange_rate      numeric(19,8),
    batch_id           text,
    batch_size         integer,
    reversal           boolean       NOT NULL DEFAULT false,
    status             text          NOT NULL DEFAULT 'unmatched'
                                     CHECK (status IN ('unmatched', 'review', 'matched', 'ignored')),
    created_at         timestamptz   NOT NULL
);

-- Stored once: the dedup key is unique per account (the same camt.053 and camt.054 line, a Revolut re-sync).
CREATE UNIQUE INDEX IF NOT EXISTS bank_transactions_once ON bank_transactions (account_id, dedup_key);
-- The reconciliation reads what is still open per company; matched rows leave this partial index.
CREATE INDEX IF NOT EXISTS bank_transactions_open ON bank_transactions (company_id, booking_date) WHERE status IN ('unmatched', 'review');
CREATE INDEX IF NOT EXISTS bank_transactions_account ON bank_transactions (account_id, booking_date DESC);

-- Where each source stopped: Revolut by the last created_at seen, Invoice Ninja by updated_at (both UTC).
CREATE TABLE IF NOT EXISTS sync_cursors (
    company_id  smallint    NOT NULL REFERENCES companies (id),
    source      text        NOT NULL CHECK (source IN ('revolut', 'invoice_ninja')),
    cursor      timestamptz,
    last_run_at timestamptz,
    last_synced integer     NOT NULL DEFAULT 0,
    last_error  text,
    PRIMARY KEY (company_id, source)
);

-- CSV mapping profiles an admin added (the built-in ones ship with the code).
CREATE TABLE IF NOT EXISTS csv_profiles (
    name       text        PRIMARY KEY,
    profile    jsonb       NOT NULL,
    created_by text        NOT NULL,
    created_at timestamptz NOT NULL
);
