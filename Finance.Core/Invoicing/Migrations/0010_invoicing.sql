-- Customer invoicing: customers, invoices and credit notes with their lines, payments, customer credits,
-- and the per-company, per-year number counters. Money is numeric(19,4) with its currency (DESIGN.md §4).
CREATE TABLE IF NOT EXISTS customers (
    id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id         smallint    NOT NULL REFERENCES companies (id),
    name               text        NOT NULL,
    street             text        NOT NULL,
    building_number    text,
    postal_code        text        NOT NULL,
    town               text        NOT NULL,
    country            char(2)     NOT NULL,
    language           char(2)     NOT NULL CHECK (language IN ('fr', 'de', 'it', 'en')),
    email              text        NOT NULL,
    payment_terms_days integer     NOT NULL CHECK (payment_terms_days BETWEEN 0 AND 365),
    vat_number         text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS customers_company ON customers (company_id, name);

CREATE TABLE IF NOT EXISTS invoices (
    id                 uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id         smallint      NOT NULL REFERENCES companies (id),
    customer_id        uuid          NOT NULL REFERENCES customers (id),
    kind               text          NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
    credited_invoice_id uuid         REFERENCES invoices (id),
    number             text,
    status             text          NOT NULL CHECK (status IN ('draft', 'issued', 'sent', 'partially_paid', 'paid', 'cancelled')),
    currency           char(3)       NOT NULL CHECK (currency IN ('CHF', 'EUR')),
    invoice_date       date,
    due_date           date,
    payment_terms_days integer       NOT NULL,
    cash_rounding      boolean       NOT NULL DEFAULT false,
    net_total          numeric(19,4) NOT NULL,
    vat_total          numeric(19,4) NOT NULL,
    rounding_amount    numeric(19,4) NOT NULL DEFAULT 0,
    total              numeric(19,4) NOT NULL,
    paid_amount        numeric(19,4) NOT NULL DEFAULT 0,
    credited_amount    numeric(19,4) NOT NULL DEFAULT 0,
    creditor_account   text,
    reference_type     text          CHECK (reference_type IN ('QRR', 'SCOR')),
    payment_reference  text,
    notes              text,
    created_at         timestamptz   NOT NULL DEFAULT now(),
    updated_at         timestamptz   NOT NULL DEFAULT now(),
    issued_at          timestamptz,
    paid_at            timestamptz,
    cancelled_at       timestamptz,
    CHECK ((status = 'draft') = (number IS NULL) OR status = 'cancelled'),
    CHECK (kind = 'invoice' OR credited_invoice_id IS NOT NULL)
);

-- A number is never given twice within a company, whatever happens to the counter.
CREATE UNIQUE INDEX IF NOT EXISTS invoices_number ON invoices (company_id, number) WHERE number IS NOT NULL;
-- The list endpoint filters by company and status, and the overdue view by due date among open ones.
CREATE INDEX IF NOT EXISTS invoices_company_status ON invoices (company_id, status, due_date);
CREATE INDEX IF NOT EXISTS invoices_customer ON invoices (customer_id);
CREATE INDEX IF NOT EXISTS invoices_credited ON invoices (credited_invoice_id) WHERE credited_invoice_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS invoice_lines (
    invoice_id       uuid          NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    position         integer       NOT NULL,
    description      text          NOT NULL,
    quantity         numeric(19,4) NOT NULL CHECK (quantity > 0),
    unit_price       numeric(19,4) NOT NULL,
    discount_percent numeric(7,4)  NOT NULL CHECK (discount_percent BETWEEN 0 AND 100),
    vat_rate         numeric(5,2)  NOT NULL CHECK (vat_rate IN (8.1, 2.6, 3.8, 0)),
    amount           numeric(19,4) NOT NULL,
    PRIMARY KEY (invoice_id, position)
);

-- Gapless numbering (Swiss VAT practice expects an unbroken series): the issuing transaction locks this
-- row FOR UPDATE, so a rolled-back issue gives its number back and concurrent issues queue. A sequence
-- would leave gaps on rollback.
CREATE TABLE IF NOT EXISTS invoice_number_counters (
    company_id  smallint NOT NULL REFERENCES companies (id),
    series      text     NOT NULL CHECK (series IN ('invoice', 'credit_note')),
    year        integer  NOT NULL,
    last_number integer  NOT NULL,
    PRIMARY KEY (company_id, series, year)
);

CREATE TABLE IF NOT EXISTS invoice_payments (
    id             uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id     smallint      NOT NULL REFERENCES companies (id),
    invoice_id     uuid          NOT NULL REFERENCES invoices (id),
    payment_date   date          NOT NULL,
    amount         numeric(19,4) NOT NULL CHECK (amount > 0),
    currency       char(3)       NOT NULL,
    reference      text,
    applied_amount numeric(19,4) NOT NULL,
    credit_amount  numeric(19,4) NOT NULL DEFAULT 0,
    recorded_at    timestamptz   NOT NULL
);

CREATE INDEX IF NOT EXISTS invoice_payments_invoice ON invoice_payments (invoice_id, payment_date);

-- What a customer paid beyond an invoice's open amount: the customer's credit, to refund or to set off.
CREATE TABLE IF NOT EXISTS customer_credits (
    id          uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id  smallint      NOT NULL REFERENCES companies (id),
    customer_id uuid          NOT NULL REFERENCES customers (id),
    invoice_id  uuid          REFERENCES invoices (id),
    payment_id  uuid          REFERENCES invoice_payments (id),
    amount      numeric(19,4) NOT NULL CHECK (amount > 0),
    currency    char(3)       NOT NULL,
    created_at  timestamptz   NOT NULL
);

CREATE INDEX IF NOT EXISTS customer_credits_customer ON customer_credits (customer_id);
