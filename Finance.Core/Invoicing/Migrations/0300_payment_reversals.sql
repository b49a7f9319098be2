-- A payment recorded from a bank match can be undone (the match was wrong): the row stays, marked reversed with who,
-- when and why, and its amounts leave the invoice. Written-off differences (a customer paid CHF 2 short) are kept apart
-- from credit notes: a small loss booked by the reconciliation, not a document sent to the customer.
ALTER TABLE invoice_payments
    ADD COLUMN IF NOT EXISTS reversed_at     timestamptz,
    ADD COLUMN IF NOT EXISTS reversed_by     text,
    ADD COLUMN IF NOT EXISTS reversed_reason text;

ALTER TABLE invoices ADD COLUMN IF NOT EXISTS written_off_amount numeric(19,4) NOT NULL DEFAULT 0;
