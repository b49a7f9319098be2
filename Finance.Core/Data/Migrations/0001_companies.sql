-- The five companies of the group and their bank accounts. Every business table that follows carries
-- company_id (DESIGN.md §4); the API only lets a caller reach the companies its token names.
CREATE TABLE IF NOT EXISTS companies (
    id               smallint    PRIMARY KEY,
    code             text        NOT NULL UNIQUE CHECK (code ~ '^[A-Z][A-Z0-9_]{1,31}$'),
    name             text        NOT NULL,
    legal_form       text        NOT NULL,
    street           text        NOT NULL,
    building_number  text        NOT NULL,
    postal_code      text        NOT NULL,
    town             text        NOT NULL,
    country          char(2)     NOT NULL DEFAULT 'CH',
    default_language char(2)     NOT NULL CHECK (default_language IN ('fr', 'de', 'it', 'en')),
    currency         char(3)     NOT NULL DEFAULT 'CHF' CHECK (currency IN ('CHF', 'EUR')),
    vat_number       text        NOT NULL,
    email            text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS company_bank_accounts (
    id          serial   PRIMARY KEY,
    company_id  smallint NOT NULL REFERENCES companies (id),
    bank_name   text     NOT NULL,
    iban        text     NOT NULL UNIQUE,
    qr_iban     text     UNIQUE,
    currency    char(3)  NOT NULL DEFAULT 'CHF',
    is_default  boolean  NOT NULL DEFAULT false
);

-- One default account per company and currency: invoices take their creditor account from it.
CREATE UNIQUE INDEX IF NOT EXISTS company_bank_accounts_default
    ON company_bank_accounts (company_id, currency) WHERE is_default;

-- Test numbers: valid checksums (IBAN mod 97, QR-IBAN IID 30000-31999, UID mod 11), no real accounts.
INSERT INTO companies (id, code, name, legal_form, street, building_number, postal_code, town, default_language, vat_number, email) VALUES
    (1, 'HYPERVISUAL', 'Hypervisual Sàrl', 'Sàrl', 'Rue de Bourg', '10', '1003', 'Lausanne', 'fr', 'CHE-123.456.788 TVA', 'finance@hypervisual.ch'),
    (2, 'DAINAMICS', 'Dainamics SA', 'SA', 'Bahnhofstrasse', '1', '8001', 'Zürich', 'de', 'CHE-234.567.895 MWST', 'finance@dainamics.ch'),
    (3, 'LEXAIA', 'Lexaia Sàrl', 'Sàrl', 'Rue du Rhône', '20', '1204', 'Genève', 'fr', 'CHE-345.678.915 TVA', 'finance@lexaia.ch'),
    (4, 'ENKI_REALTY', 'Enki Realty SA', 'SA', 'Via Nassa', '5', '6900', 'Lugano', 'it', 'CHE-456.789.123 IVA', 'finance@enki-realty.ch'),
    (5, 'TAKEOUT', 'Takeout Sàrl', 'Sàrl', 'Rue de Romont', '3', '1700', 'Fribourg', 'fr', 'CHE-112.233.445 TVA', 'finance@takeout.ch')
ON CONFLICT (code) DO NOTHING;

INSERT INTO company_bank_accounts (company_id, bank_name, iban, qr_iban, currency, is_default) VALUES
    (1, 'Banque Cantonale Vaudoise', 'CH8000767000000111111', 'CH7730000000000111111', 'CHF', true),
    (2, 'Zürcher Kantonalbank', 'CH1400235000000222222', 'CH6130808000000222222', 'CHF', true),
    (3, 'PostFinance', 'CH2209000000000333333', 'CH6431000000000333333', 'CHF', true),
    (4, 'Banca dello Stato del Cantone Ticino', 'CH8600700000000444444', 'CH1130700000000444444', 'CHF', true),
    (5, 'Banque Cantonale de Fribourg', 'CH1800483000000555555', 'CH4331999000000555555', 'CHF', true)
ON CONFLICT (iban) DO NOTHING;
