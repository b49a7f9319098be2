-- Cash position (issue 13 §9): balances the banks state, the anchors from which every other day's balance is counted
-- with the transactions. Statements carry their own (bank_statements.closing_balance); Revolut states the balance after
-- each leg, kept here as the day's last one per account.
-- The day a statement's closing balance is for (its Bal/Dt): the anchor's day, rather than the statement's end time.
ALTER TABLE bank_statements ADD COLUMN IF NOT EXISTS closing_date date;

CREATE TABLE IF NOT EXISTS bank_balances (
    account_id  integer       NOT NULL REFERENCES company_bank_accounts (id),
    as_of       date          NOT NULL,
    balance     numeric(19,4) NOT NULL,
    currency    char(3)       NOT NULL,
    source      text          NOT NULL CHECK (source IN ('revolut')),
    recorded_at timestamptz   NOT NULL,
    PRIMARY KEY (account_id, as_of, source)
);
