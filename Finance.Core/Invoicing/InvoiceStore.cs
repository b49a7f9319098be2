using Finance.Core.Errors;
using Dapper;
using Npgsql;

namespace Finance.Core.Invoicing;

public sealed record InvoiceFilter(IReadOnlyCollection<string>? Companies, string? Status, Guid? CustomerId, bool Overdue, DateOnly Today, int Limit = 100, int Offset = 0);

/// <summary>Reads invoices and credit notes with their lines; the writers use it inside their transaction.</summary>
public sealed class InvoiceStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Columns = """
        i.id, co.code AS company_code, i.customer_id, i.kind, i.credited_invoice_id, i.number, i.status, i.currency,
        i.invoice_date, i.due_date, i.payment_terms_days, i.cash_rounding, i.net_total, i.vat_total, i.rounding_amount, i.total,
        i.paid_amount, i.credited_amount, i.creditor_account, i.reference_type, i.payment_reference, i.notes, i.issued_at,
        i.overdue_since, (SELECT count(*) FROM invoice_reminders r WHERE r.invoice_id = i.id)::int AS reminder_count
        """;

    private const string SelectOne = $"SELECT {Columns} FROM invoices i JOIN companies co ON co.id = i.company_id WHERE i.id = @id";

    private const string SelectMany = $"""
        SELECT {Columns} FROM invoices i JOIN companies co ON co.id = i.company_id
        WHERE i.id = ANY(@ids) ORDER BY array_position(@ids, i.id)
        """;

    // Writers lock the invoice row first and the number counter second, always in that order (no deadlock).
    private const string SelectOneForUpdate = $"{SelectOne} FOR UPDATE OF i";

    private const string SelectLines = """
        SELECT invoice_id, position, description, quantity, unit_price, discount_percent, vat_rate, amount
        FROM invoice_lines WHERE invoice_id = ANY(@ids) ORDER BY invoice_id, position
        """;

    private const string SelectList = $"""
        SELECT {Columns} FROM invoices i JOIN companies co ON co.id = i.company_id
        WHERE (@companies::text[] IS NULL OR co.code = ANY(@companies))
          AND (@status::text IS NULL OR i.status = @status)
          AND (@customerId::uuid IS NULL OR i.customer_id = @customerId)
          AND (NOT @overdue OR (i.kind = '{InvoiceKind.Invoice}' AND i.status IN ({InvoiceStatus.OpenSqlList}) AND i.due_date < @today))
        ORDER BY i.created_at DESC, i.id
        LIMIT @limit OFFSET @offset
        """;

    private const string SelectCompany = "SELECT co.code FROM invoices i JOIN companies co ON co.id = i.company_id WHERE i.id = @id";

    private const string SelectPayments = """
        SELECT id, invoice_id, payment_date, amount, currency, reference, applied_amount, credit_amount, recorded_at
        FROM invoice_payments WHERE invoice_id = @id ORDER BY payment_date, recorded_at
        """;

    private const string SelectPaymentByKey = """
        SELECT id, invoice_id, payment_date, amount, currency, reference, applied_amount, credit_amount, recorded_at
        FROM invoice_payments WHERE idempotency_key = @key
        """;

    public TimeProvider Clock => clock;

    /// <summary>The company an invoice belongs to, or null when there is no such invoice (for access checks).</summary>
    public async Task<string?> CompanyOfAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(SelectCompany, new { id }, cancellationToken: cancellationToken));
    }

    public async Task<Invoice?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await LoadAsync(connection, null, id, false, cancellationToken);
    }

    public async Task<IReadOnlyList<Invoice>> ListAsync(InvoiceFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(SelectList, new
        {
            companies = filter.Companies?.ToArray(), filter.Status, filter.CustomerId, overdue = filter.Overdue,
            today = InvoiceDrafts.ToDate(filter.Today), limit = filter.Limit, offset = filter.Offset,
        }, cancellationToken: cancellationToken))).ToList();
        return await WithLinesAsync(connection, null, rows, cancellationToken);
    }

    public async Task<IReadOnlyList<Payment>> PaymentsAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PaymentRow>(new CommandDefinition(SelectPayments, new { id }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToPayment())];
    }

    /// <summary>The payment a flow step recorded under <paramref name="key"/>, if any.</summary>
    public static async Task<Payment?> PaymentByKeyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string key, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<PaymentRow>(new CommandDefinition(
            SelectPaymentByKey, new { key }, transaction, cancellationToken: cancellationToken));
        return row?.ToPayment();
    }

    /// <summary>Loads one invoice; <paramref name="forUpdate"/> locks its row until the transaction ends.</summary>
    public static async Task<Invoice?> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, bool forUpdate, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            forUpdate ? SelectOneForUpdate : SelectOne, new { id }, transaction, cancellationToken: cancellationToken));
        return row is null ? null : (await WithLinesAsync(connection, transaction, [row], cancellationToken)).Single();
    }

    /// <summary>Loads several invoices, unlocked, in the order of <paramref name="ids"/> (two queries however many there are).</summary>
    public static async Task<IReadOnlyList<Invoice>> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<Guid> ids,
        CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(
            SelectMany, new { ids = ids.ToArray() }, transaction, cancellationToken: cancellationToken))).ToList();
        return await WithLinesAsync(connection, transaction, rows, cancellationToken);
    }

    /// <summary>Loads one invoice, locked, or throws 404.</summary>
    public static async Task<Invoice> LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(connection, transaction, id, true, cancellationToken) ?? throw new NotFoundException($"No invoice with id '{id}'.");

    private static async Task<IReadOnlyList<Invoice>> WithLinesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, List<Row> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return [];
        var lines = (await connection.QueryAsync<LineRow>(new CommandDefinition(SelectLines, new { ids = rows.Select(r => r.id).ToArray() },
            transaction, cancellationToken: cancellationToken))).ToLookup(l => l.invoice_id);
        return [.. rows.Select(r => r.ToInvoice(lines[r.id].Select(l =>
            new ComputedLine(l.position, l.description, l.quantity, l.unit_price, l.discount_percent, l.vat_rate, l.amount)).ToList()))];
    }

#pragma warning disable IDE1006, CA1812 // Dapper row shapes mirror the SQL column names.
    private sealed record Row(Guid id, string company_code, Guid customer_id, string kind, Guid? credited_invoice_id, string? number, string status,
        string currency, DateOnly? invoice_date, DateOnly? due_date, int payment_terms_days, bool cash_rounding, decimal net_total, decimal vat_total,
        decimal rounding_amount, decimal total, decimal paid_amount, decimal credited_amount, string? creditor_account, string? reference_type,
        string? payment_reference, string? notes, DateTime? issued_at, DateOnly? overdue_since, int reminder_count)
    {
        public Invoice ToInvoice(IReadOnlyList<ComputedLine> lines) => new()
        {
            Id = id, CompanyCode = company_code, CustomerId = customer_id, Kind = kind, CreditedInvoiceId = credited_invoice_id, Number = number,
            Status = status, Currency = currency, InvoiceDate = invoice_date,
            DueDate = due_date, PaymentTermsDays = payment_terms_days, CashRounding = cash_rounding,
            Amounts = new InvoiceAmounts(lines, InvoiceCalculator.VatByRate(lines), net_total, vat_total, rounding_amount, total),
            PaidAmount = paid_amount, CreditedAmount = credited_amount, CreditorAccount = creditor_account, ReferenceType = reference_type,
            PaymentReference = payment_reference, Notes = notes, IssuedAt = issued_at is { } at ? new DateTimeOffset(at, TimeSpan.Zero) : null,
            OverdueSince = overdue_since, ReminderCount = reminder_count,
        };
    }

    private sealed record LineRow(Guid invoice_id, int position, string description, decimal quantity, decimal unit_price, decimal discount_percent, decimal vat_rate, decimal amount);

    private sealed record PaymentRow(Guid id, Guid invoice_id, DateOnly payment_date, decimal amount, string currency, string? reference,
        decimal applied_amount, decimal credit_amount, DateTime recorded_at)
    {
        public Payment ToPayment() => new(id, invoice_id, payment_date, amount, currency, reference, applied_amount, credit_amount,
            new DateTimeOffset(recorded_at, TimeSpan.Zero));
    }
#pragma warning restore IDE1006, CA1812
}
