-- Payment runs: per company and debited account, the validated bills due for payment by an execution date, written as one
-- pain.001.001.09 file (kept as produced, so the file downloaded is the file the bills were marked for). A run can be
-- cancelled until it is sent; its bills go back to validated.
CREATE TABLE IF NOT EXISTS payment_runs (
    id              uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id      smallint      NOT NULL REFERENCES companies (id),
    debtor_iban     text          NOT NULL,
    currency        char(3)       NOT NULL CHECK (currency IN ('CHF', 'EUR')),
    execution_date  date          NOT NULL,
    message_id      text          NOT NULL UNIQUE,
    status          text          NOT NULL CHECK (status IN ('created', 'sent', 'cancelled')),
    transfer_count  integer       NOT NULL CHECK (transfer_count > 0),
    control_sum     numeric(19,4) NOT NULL,
    file            bytea         NOT NULL,
    created_by      text          NOT NULL,
    created_at      timestamptz   NOT NULL,
    cancelled_at    timestamptz,
    cancelled_by    text
);

CREATE INDEX IF NOT EXISTS payment_runs_company ON payment_runs (company_id, created_at DESC);

CREATE TABLE IF NOT EXISTS payment_run_items (
    run_id          uuid          NOT NULL REFERENCES payment_runs (id) ON DELETE CASCADE,
    bill_id         uuid          NOT NULL REFERENCES bills (id),
    end_to_end_id   text          NOT NULL,
    amount          numeric(19,4) NOT NULL,
    PRIMARY KEY (run_id, bill_id)
);

-- A bill is in at most one live run: the check is the bill's status (in_payment), taken under its row lock.
CREATE INDEX IF NOT EXISTS payment_run_items_bill ON payment_run_items (bill_id);
