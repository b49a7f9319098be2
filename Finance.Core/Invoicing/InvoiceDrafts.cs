using Finance.Core.Errors;
using Dapper;
using Npgsql;

namespace Finance.Core.Invoicing;

/// <summary>Creates and edits draft invoices. Drafts have no number; amounts are computed on every save.</summary>
public sealed class InvoiceDrafts(NpgsqlDataSource dataSource)
{
    private const string SelectCustomer = """
        SELECT c.payment_terms_days FROM customers c JOIN companies co ON co.id = c.company_id
        WHERE c.id = @customerId AND co.code = @company
        """;

    private const string InsertInvoice = """
        INSERT INTO invoices (company_id, customer_id, kind, credited_invoice_id, number, status, currency, invoice_date, due_date,
            payment_terms_days, cash_rounding, net_total, vat_total, rounding_amount, total, notes, issued_at)
        SELECT id, @customerId, @kind, @creditedInvoiceId::uuid, @number::text, @status, @currency, @invoiceDate::date, @dueDate::date,
            @terms, @cashRounding, @net, @vat, @rounding, @total, @notes::text, @issuedAt::timestamptz
        FROM companies WHERE code = @company
        RETURNING id
        """;

    private const string UpdateDraft = """
        UPDATE invoices SET customer_id = @customerId, currency = @currency, invoice_date = @invoiceDate, payment_terms_days = @terms,
            cash_rounding = @cashRounding, net_total = @net, vat_total = @vat, rounding_amount = @rounding, total = @total,
            notes = @notes, updated_at = now()
        WHERE id = @id
        """;

    private const string DeleteLines = "DELETE FROM invoice_lines WHERE invoice_id = @id";

    private const string InsertLine = """
        INSERT INTO invoice_lines (invoice_id, position, description, quantity, unit_price, discount_percent, vat_rate, amount)
        VALUES (@InvoiceId, @Position, @Description, @Quantity, @UnitPrice, @DiscountPercent, @VatRate, @Amount)
        """;

    public async Task<Invoice> CreateAsync(InvoiceDraftInput input, CancellationToken cancellationToken)
    {
        InvoiceInputValidator.ValidateDraft(input);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var terms = await CustomerTermsAsync(transaction, input.CompanyCode!, input.CustomerId, cancellationToken);
        var amounts = PositiveTotal(InvoiceCalculator.Compute(input.Lines!, input.CashRounding));
        var id = await InsertAsync(transaction, new NewInvoice(input.CompanyCode!, input.CustomerId, InvoiceKind.Invoice, null, null, InvoiceStatus.Draft,
            input.Currency!, input.InvoiceDate, null, terms, input.CashRounding, amounts, input.Notes, null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await InvoiceStore.LoadAsync(connection, null, id, false, cancellationToken))!;
    }

    public async Task<Invoice> UpdateAsync(Guid id, InvoiceDraftInput input, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await InvoiceStore.LockAsync(connection, transaction, id, cancellationToken);
        if (current.Status != InvoiceStatus.Draft) throw new ConflictException($"Invoice {current.Number} is {current.Status}; only drafts can be edited.");
        if (input.CompanyCode is { } asked && !string.Equals(asked.Trim(), current.CompanyCode, StringComparison.OrdinalIgnoreCase))
            throw ValidationException.For("company", $"A draft stays with its company ({current.CompanyCode}); leave company out or send that code.");
        input = input with { CompanyCode = current.CompanyCode };
        InvoiceInputValidator.ValidateDraft(input);
        var terms = await CustomerTermsAsync(transaction, current.CompanyCode, input.CustomerId, cancellationToken);
        var amounts = PositiveTotal(InvoiceCalculator.Compute(input.Lines!, input.CashRounding));
        await connection.ExecuteAsync(new CommandDefinition(UpdateDraft, new
        {
            id, input.CustomerId, input.Currency, invoiceDate = ToDate(input.InvoiceDate), terms, input.CashRounding, net = amounts.NetTotal,
            vat = amounts.VatTotal, rounding = amounts.Rounding, total = amounts.Total, input.Notes,
        }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(DeleteLines, new { id }, transaction, cancellationToken: cancellationToken));
        await InsertLinesAsync(transaction, id, amounts.Lines, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await InvoiceStore.LoadAsync(connection, null, id, false, cancellationToken))!;
    }

    internal sealed record NewInvoice(string Company, Guid CustomerId, string Kind, Guid? CreditedInvoiceId, string? Number, string Status,
        string Currency, DateOnly? InvoiceDate, DateOnly? DueDate, int Terms, bool CashRounding, InvoiceAmounts Amounts, string? Notes, DateTimeOffset? IssuedAt);

    internal static async Task<Guid> InsertAsync(NpgsqlTransaction transaction, NewInvoice n, CancellationToken cancellationToken)
    {
        var id = await transaction.Connection!.ExecuteScalarAsync<Guid>(new CommandDefinition(InsertInvoice, new
        {
            company = n.Company, customerId = n.CustomerId, kind = n.Kind, creditedInvoiceId = n.CreditedInvoiceId, number = n.Number, status = n.Status,
            currency = n.Currency, invoiceDate = ToDate(n.InvoiceDate), dueDate = ToDate(n.DueDate), terms = n.Terms, cashRounding = n.CashRounding,
            net = n.Amounts.NetTotal, vat = n.Amounts.VatTotal, rounding = n.Amounts.Rounding, total = n.Amounts.Total, notes = n.Notes,
            issuedAt = n.IssuedAt?.UtcDateTime,
        }, transaction, cancellationToken: cancellationToken));
        await InsertLinesAsync(transaction, id, n.Amounts.Lines, cancellationToken);
        return id;
    }

    private static async Task InsertLinesAsync(NpgsqlTransaction transaction, Guid id, IReadOnlyList<ComputedLine> lines, CancellationToken cancellationToken) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(InsertLine,
            lines.Select(l => new { InvoiceId = id, l.Position, l.Description, l.Quantity, l.UnitPrice, l.DiscountPercent, l.VatRate, l.Amount }),
            transaction, cancellationToken: cancellationToken));

    private static async Task<int> CustomerTermsAsync(NpgsqlTransaction transaction, string company, Guid customerId, CancellationToken cancellationToken) =>
        await transaction.Connection!.ExecuteScalarAsync<int?>(new CommandDefinition(SelectCustomer, new { company, customerId }, transaction, cancellationToken: cancellationToken))
        ?? throw ValidationException.For("customerId", $"No customer '{customerId}' in company {company}.");

    internal static DateTime? ToDate(DateOnly? date) => date?.ToDateTime(TimeOnly.MinValue);

    /// <summary>Lines may be negative (a rebate), the invoice may not: what a customer owes back is a credit note's job.</summary>
    private static InvoiceAmounts PositiveTotal(InvoiceAmounts amounts) => amounts.Total > 0 ? amounts
        : throw ValidationException.For("lines", "The invoice's total must be greater than 0; a credit note reduces an issued invoice.");
}
