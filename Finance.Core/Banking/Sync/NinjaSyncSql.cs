using Finance.Core.Invoicing;
using static Finance.Core.Banking.Sync.NinjaSyncRows;

namespace Finance.Core.Banking.Sync;

/// <summary>The statements <see cref="NinjaSyncWriter"/> runs: customers, invoice amounts, lines and status, the run's stamp.</summary>
internal static class NinjaSyncSql
{
    public const string InsertCustomer = $"""
        INSERT INTO customers (company_id, name, street, building_number, postal_code, town, country, language, email, payment_terms_days, vat_number,
            external_source, external_id, created_at, updated_at)
        SELECT id, @Name, @Street, @BuildingNumber::text, @PostalCode, @Town, @Country, @Language, @Email, @PaymentTermsDays, @VatNumber::text,
            '{Source}', @externalId, @readAt, @readAt
        FROM companies WHERE code = @company
        RETURNING id
        """;

    public const string UpdateCustomer = """
        UPDATE customers SET name = @Name, street = @Street, building_number = @BuildingNumber, postal_code = @PostalCode, town = @Town,
            country = @Country, language = @Language, email = @Email, payment_terms_days = @PaymentTermsDays, vat_number = @VatNumber, updated_at = @readAt
        WHERE id = @id
        """;

    public const string ReplaceAmounts = """
        UPDATE invoices SET net_total = @net, vat_total = @vat, rounding_amount = 0, total = @total, invoice_date = @invoiceDate, due_date = @dueDate,
            payment_terms_days = @terms WHERE id = @id;
        DELETE FROM invoice_lines WHERE invoice_id = @id;
        """;

    public const string InsertLine = """
        INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price, discount_percent, vat_rate, amount)
        VALUES (@InvoiceId, @Position, @Description, @Quantity, @UnitPrice, @DiscountPercent, @VatRate, @Amount)
        """;

    // Status from what is paid: the same rule as InvoiceSettlement's, for an invoice Invoice Ninja reopened or re-priced.
    public const string SetStatus = $"""
        UPDATE invoices SET status = CASE WHEN @status = '{InvoiceStatus.Cancelled}' THEN @status
                WHEN total - paid_amount - credited_amount <= 0 THEN '{InvoiceStatus.Paid}'
                WHEN paid_amount > 0 THEN '{InvoiceStatus.PartiallyPaid}' ELSE '{InvoiceStatus.Sent}' END,
            cancelled_at = CASE WHEN @status = '{InvoiceStatus.Cancelled}' THEN @readAt END
        WHERE id = @id
        """;

    public const string Stamp = "UPDATE invoices SET updated_at = @readAt, external_updated_at = @theirs WHERE id = @id";
}
