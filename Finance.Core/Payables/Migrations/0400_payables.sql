-- Supplier bills (payables): each company's rules, the documents as uploaded (stored once per company by SHA-256),
-- suppliers and their accounts, bills with every field read and its confidence, corrections (who, when, what), and
-- approvals. Money is numeric(19,4) with its currency (DESIGN.md §4).

-- Per company: when a bill validates itself, when it needs two approvers, how long reviewers have.
CREATE TABLE IF NOT EXISTS payable_settings (
    company_id               smallint      PRIMARY KEY REFERENCES companies (id),
    auto_validate_confidence numeric(5,4)  NOT NULL DEFAULT 0.90 CHECK (auto_validate_confidence BETWEEN 0 AND 1),
    auto_validate_limit      numeric(19,4) NOT NULL DEFAULT 5000 CHECK (auto_validate_limit >= 0),
    four_eyes_limit          numeric(19,4) NOT NULL DEFAULT 20000 CHECK (four_eyes_limit >= 0),
    review_reminder_days     integer       NOT NULL DEFAULT 2 CHECK (review_reminder_days BETWEEN 1 AND 60),
    escalation_days          integer       NOT NULL DEFAULT 5 CHECK (escalation_days BETWEEN 1 AND 90),
    payment_lead_days        integer       NOT NULL DEFAULT 2 CHECK (payment_lead_days BETWEEN 0 AND 30)
);

INSERT INTO payable_settings (company_id) SELECT id FROM companies ON CONFLICT DO NOTHING;

CREATE TABLE IF NOT EXISTS payable_documents (
    id          uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id  smallint    NOT NULL REFERENCES companies (id),
    sha256      char(64)    NOT NULL,
    media_type  text        NOT NULL,
    pages       integer     NOT NULL CHECK (pages > 0),
    size_bytes  integer     NOT NULL CHECK (size_bytes > 0),
    content     bytea       NOT NULL,
    file_name   text,
    uploaded_by text        NOT NULL,
    uploaded_at timestamptz NOT NULL
);

-- The same bytes are stored once per company: a second upload finds the first.
CREATE UNIQUE INDEX IF NOT EXISTS payable_documents_sha256 ON payable_documents (company_id, sha256);

CREATE TABLE IF NOT EXISTS suppliers (
    id                 uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id         smallint     NOT NULL REFERENCES companies (id),
    name               text         NOT NULL,
    street             text,
    building_number    text,
    postal_code        text,
    town               text,
    country            char(2)      NOT NULL DEFAULT 'CH',
    uid                text,
    vat_number         text,
    default_vat_rate   numeric(4,2),
    payment_terms_days integer      NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 365),
    created_at         timestamptz  NOT NULL,
    updated_at         timestamptz  NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS suppliers_uid ON suppliers (company_id, uid) WHERE uid IS NOT NULL;
CREATE INDEX IF NOT EXISTS suppliers_company_name ON suppliers (company_id, name);

-- A bill paying to a known account names its supplier: an IBAN belongs to one supplier per company.
CREATE TABLE IF NOT EXISTS supplier_accounts (
    supplier_id uuid     NOT NULL REFERENCES suppliers (id) ON DELETE CASCADE,
    company_id  smallint NOT NULL REFERENCES companies (id),
    iban        text     NOT NULL,
    PRIMARY KEY (supplier_id, iban)
);

CREATE UNIQUE INDEX IF NOT EXISTS supplier_accounts_iban ON supplier_accounts (company_id, iban);

CREATE TABLE IF NOT EXISTS bills (
    id              uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    company_id      smallint      NOT NULL REFERENCES companies (id),
    document_id     uuid          NOT NULL REFERENCES payable_documents (id),
    supplier_id     uuid          REFERENCES suppliers (id),
    status          text          NOT NULL CHECK (status IN ('received', 'review', 'validated', 'scheduled', 'in_payment', 'paid', 'rejected', 'duplicate')),
    number          text,
    invoice_date    date,
    due_date        date,
    currency        char(3)       CHECK (currency IN ('CHF', 'EUR')),
    net_amount      numeric(19,4),
    vat_amount      numeric(19,4),
    gross_amount    numeric(19,4) CHECK (gross_amount IS NULL OR gross_amount >= 0),
    vat_rate        numeric(4,2),
    iban            text,
    reference_type  text          CHECK (reference_type IN ('QRR', 'SCOR', 'NON')),
    reference       text,
    confidence      numeric(5,4)  CHECK (confidence BETWEEN 0 AND 1),
    auto_validated  boolean       NOT NULL DEFAULT false,
    duplicate_of    uuid          REFERENCES bills (id),
    uploaded_by     text          NOT NULL,
    review_reason   text,
    scheduled_for   date,
    created_at      timestamptz   NOT NULL,
    updated_at      timestamptz   NOT NULL,
    validated_at    timestamptz,
    validated_by    text,
    rejected_at     timestamptz,
    rejected_by     text,
    rejected_reason text,
    CHECK ((status = 'duplicate') = (duplicate_of IS NOT NULL))
);

CREATE INDEX IF NOT EXISTS bills_company_status ON bills (company_id, status, due_date);
-- The duplicate check (same supplier, number and amount) looks bills up by these.
CREATE INDEX IF NOT EXISTS bills_supplier_number ON bills (company_id, supplier_id, number) WHERE supplier_id IS NOT NULL;

-- Every field as read (or corrected): value as text, its confidence and where it came from.
CREATE TABLE IF NOT EXISTS bill_fields (
    bill_id    uuid         NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    name       text         NOT NULL,
    value      text         NOT NULL,
    confidence numeric(5,4) NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    source     text         NOT NULL,
    page       integer,
    PRIMARY KEY (bill_id, name)
);

CREATE TABLE IF NOT EXISTS bill_corrections (
    id           bigserial   PRIMARY KEY,
    bill_id      uuid        NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    field        text        NOT NULL,
    old_value    text,
    new_value    text        NOT NULL,
    corrected_by text        NOT NULL,
    corrected_at timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS bill_corrections_bill ON bill_corrections (bill_id, corrected_at);

-- One decision per approver and bill: four eyes means two rows from two people.
CREATE TABLE IF NOT EXISTS bill_approvals (
    bill_id    uuid        NOT NULL REFERENCES bills (id) ON DELETE CASCADE,
    approver   text        NOT NULL,
    decision   text        NOT NULL CHECK (decision IN ('approved', 'rejected')),
    comment    text,
    decided_at timestamptz NOT NULL,
    PRIMARY KEY (bill_id, approver)
);
