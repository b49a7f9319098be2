using Finance.Core.Errors;
using Finance.Core.Diagnostics;
using Dapper;
using Finance.Core.Companies;
using Finance.Core.Events;
using Finance.Core.Invoicing.QrBill;
using Npgsql;

namespace Finance.Core.Invoicing;

/// <summary>Moves invoices through draft → issued → sent, or to cancelled. Each step is one transaction with its outbox event.</summary>
public sealed class InvoiceLifecycle(NpgsqlDataSource dataSource, CompanyStore companies, InvoiceStore invoices, OutboxWriter outbox, TimeProvider clock)
{
    private const string MarkIssued = $"""
        UPDATE invoices SET number = @number, status = '{InvoiceStatus.Issued}', invoice_date = @invoiceDate, due_date = @dueDate, payment_terms_days = @terms,
            creditor_account = @account, reference_type = @referenceType, payment_reference = @reference, issued_at = @now, updated_at = @now
        WHERE id = @id
        """;

    private const string SetStatus = $"UPDATE invoices SET status = @status, cancelled_at = CASE WHEN @status = '{InvoiceStatus.Cancelled}' THEN @now END, updated_at = @now WHERE id = @id";

    /// <summary>Gives the draft its number, dates and payment reference. The QR-bill it implies is validated
    /// first (SIX IG QR-bill 2.3); if it is invalid nothing is stored and the number is not used.</summary>
    public Task<Invoice> IssueAsync(Guid id, CancellationToken cancellationToken) => IssueAsync(id, asIsUnlessDraft: false, cancellationToken);

    /// <summary>
    /// As <see cref="IssueAsync(Guid, CancellationToken)"/>, but an invoice that is no longer a draft is returned as it is —
    /// decided under the invoice's lock, so two runs of one flow step at once (a worker that paused past its lease, and the
    /// one that took the step over) both succeed rather than the second failing on the first's work.
    /// </summary>
    public Task<Invoice> IssueOrGetAsync(Guid id, CancellationToken cancellationToken) => IssueAsync(id, asIsUnlessDraft: true, cancellationToken);

    private async Task<Invoice> IssueAsync(Guid id, bool asIsUnlessDraft, CancellationToken cancellationToken)
    {
        // Company data is read before the transaction takes its connection: a transaction that waited on the
        // pool for a second connection while holding the counter lock could starve the pool under load.
        var companyCode = await invoices.CompanyOfAsync(id, cancellationToken) ?? throw new NotFoundException($"No invoice with id '{id}'.");
        var company = (await companies.FindAsync(companyCode, cancellationToken))!;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var draft = await InvoiceStore.LockAsync(connection, transaction, id, cancellationToken);
        if (draft.Status != InvoiceStatus.Draft && asIsUnlessDraft) return draft;
        if (draft.Status != InvoiceStatus.Draft) throw new ConflictException($"Invoice {draft.Number} is already {draft.Status}.");
        if (draft.Amounts.Total <= 0) throw ValidationException.For("lines", "An invoice total must be greater than zero; use a credit note to refund.");
        var customer = await CustomerStore.LoadAsync(connection, transaction, draft.CustomerId, cancellationToken)
            ?? throw ValidationException.For("customerId", "The customer no longer exists.");
        var account = InvoiceQrBills.AccountFor(company, draft.Currency)
            ?? throw new ConflictException($"Company {company.Code} has no bank account to be paid into.");

        var invoiceDate = draft.InvoiceDate ?? SwissCalendar.Today(clock);
        var number = await InvoiceNumbering.NextAsync(transaction, company.Code, InvoiceKind.Invoice, invoiceDate.Year, cancellationToken);
        var (iban, type, reference) = InvoiceQrBills.ReferenceFor(account, number);
        InvoiceQrBills.ThrowIfInvalid(InvoiceQrBills.Build(company, customer, iban, type, reference, draft.Currency, draft.Amounts.Total, number.Number));

        var now = clock.GetUtcNow().UtcDateTime;
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond)); // as PostgreSQL stores it, so the result equals the row
        var issued = draft with
        {
            Number = number.Number, Status = InvoiceStatus.Issued, InvoiceDate = invoiceDate, DueDate = invoiceDate.AddDays(customer.PaymentTermsDays),
            PaymentTermsDays = customer.PaymentTermsDays, CreditorAccount = iban, ReferenceType = type.Code(), PaymentReference = reference,
            IssuedAt = new DateTimeOffset(now, TimeSpan.Zero),
        };
        await connection.ExecuteAsync(new CommandDefinition(MarkIssued, new
        {
            id, number = issued.Number, invoiceDate = InvoiceDrafts.ToDate(issued.InvoiceDate), dueDate = InvoiceDrafts.ToDate(issued.DueDate),
            terms = issued.PaymentTermsDays, account = iban, referenceType = issued.ReferenceType, reference, now,
        }, transaction, cancellationToken: cancellationToken));
        await outbox.AppendAsync(transaction, InvoiceEvents.Issued, issued, new { issued.DueDate, issued.PaymentReference }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        FinanceDiagnostics.InvoicesIssued.Add(1, new KeyValuePair<string, object?>("finance.currency", issued.Currency));
        return issued;
    }

    /// <summary>Records that the invoice went to the customer (the sending itself belongs to the flows).</summary>
    public Task<Invoice> MarkSentAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeStatusAsync(id, InvoiceStatus.Sent, InvoiceEvents.Sent, i => i.Status == InvoiceStatus.Issued, "only issued invoices can be marked sent", cancellationToken);

    /// <summary>
    /// After the invoice e-mail went out (flow invoice.create-and-send): issued → sent, announced as
    /// invoice.created_and_sent. A retried step finds the invoice already sent and changes nothing.
    /// </summary>
    public Task<Invoice> RecordEmailedAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeStatusAsync(id, InvoiceStatus.Sent, InvoiceEvents.CreatedAndSent, i => i.Status == InvoiceStatus.Issued, "only issued invoices can be sent", cancellationToken,
            asIs: i => i.Status != InvoiceStatus.Issued);

    /// <summary>Cancels a draft, or an issued invoice nobody has paid or credited. Its number stays used (never reused).</summary>
    public Task<Invoice> CancelAsync(Guid id, CancellationToken cancellationToken) =>
        ChangeStatusAsync(id, InvoiceStatus.Cancelled, InvoiceEvents.Cancelled,
            i => i.Kind == InvoiceKind.Invoice && (i.Status is InvoiceStatus.Draft or InvoiceStatus.Issued or InvoiceStatus.Sent) && i.PaidAmount == 0 && i.CreditedAmount == 0,
            "only drafts and issued invoices without payments or credit notes can be cancelled", cancellationToken);

    // asIs: when it holds for the locked invoice, the invoice is returned unchanged (a retried step finding its work done).
    private async Task<Invoice> ChangeStatusAsync(Guid id, string status, string eventType, Func<Invoice, bool> allowed, string rule, CancellationToken cancellationToken,
        Func<Invoice, bool>? asIs = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var invoice = await InvoiceStore.LockAsync(connection, transaction, id, cancellationToken);
        if (asIs?.Invoke(invoice) == true) return invoice;
        if (!allowed(invoice)) throw new ConflictException($"Invoice {invoice.Number ?? invoice.Id.ToString()} is {invoice.Status}: {rule}.");
        await connection.ExecuteAsync(new CommandDefinition(SetStatus, new { id, status, now = clock.GetUtcNow().UtcDateTime }, transaction, cancellationToken: cancellationToken));
        var changed = invoice with { Status = status };
        await outbox.AppendAsync(transaction, eventType, changed, null, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }
}
