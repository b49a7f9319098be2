using Finance.Core.Errors;
using Dapper;
using Finance.Core.Events;
using Npgsql;

namespace Finance.Core.Invoicing;

/// <summary>What reduces an invoice's open amount: payments (full, partial, or over, the excess becoming the
/// customer's credit) and credit notes. The invoice row is locked for the whole transaction.</summary>
public sealed class InvoiceSettlement(NpgsqlDataSource dataSource, OutboxWriter outbox, TimeProvider clock)
{
    private const string InsertPayment = """
        INSERT INTO invoice_payments (company_id, invoice_id, payment_date, amount, currency, reference, applied_amount, credit_amount, recorded_at, idempotency_key)
        SELECT company_id, id, @date::date, @amount, @currency, @reference::text, @applied, @credit, @now, @key FROM invoices WHERE id = @invoiceId
        RETURNING id
        """;

    private const string InsertCredit = """
        INSERT INTO customer_credits (company_id, customer_id, invoice_id, payment_id, amount, currency, created_at)
        SELECT company_id, customer_id, id, @paymentId, @credit, currency, @now FROM invoices WHERE id = @invoiceId
        """;

    private const string Settle = $"""
        UPDATE invoices SET paid_amount = paid_amount + @paid, credited_amount = credited_amount + @credited, status = @status,
            paid_at = CASE WHEN @status = '{InvoiceStatus.Paid}' THEN @now END, updated_at = @now
        WHERE id = @id
        """;

    /// <summary>Records a payment; with an <paramref name="idempotencyKey"/> (a flow step's), a repeat returns the first recording.</summary>
    public async Task<(Invoice Invoice, Payment Payment)> RecordPaymentAsync(Guid invoiceId, PaymentInput input, CancellationToken cancellationToken,
        string? idempotencyKey = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var recorded = await RecordPaymentAsync(transaction, invoiceId, input, cancellationToken, idempotencyKey);
        await transaction.CommitAsync(cancellationToken);
        return recorded;
    }

    /// <summary>Records a payment in the caller's <paramref name="transaction"/>, so what follows from it (a flow start, an
    /// idempotency key's answer) commits with it; the caller commits.</summary>
    public async Task<(Invoice Invoice, Payment Payment)> RecordPaymentAsync(NpgsqlTransaction transaction, Guid invoiceId, PaymentInput input,
        CancellationToken cancellationToken, string? idempotencyKey = null, Guid? bankTransactionId = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var connection = transaction.Connection!;
        var invoice = await InvoiceStore.LockAsync(connection, transaction, invoiceId, cancellationToken);
        if (idempotencyKey is not null && (await InvoiceStore.PaymentByKeyAsync(connection, transaction, idempotencyKey, cancellationToken)) is { } earlier)
        {
            return (invoice, earlier);
        }
        if (invoice.Kind != InvoiceKind.Invoice || !(InvoiceStatus.Open.Contains(invoice.Status) || invoice.Status == InvoiceStatus.Paid))
            throw new ConflictException($"Invoice {invoice.Number ?? invoice.Id.ToString()} is {invoice.Status}; payments go to issued invoices.");
        InvoiceInputValidator.ValidatePayment(input, invoice.Currency);

        var now = clock.GetUtcNow();
        var applied = Math.Min(input.Amount, invoice.OpenAmount);
        var credit = input.Amount - applied;
        var date = input.Date ?? SwissCalendar.Today(clock);
        var paymentId = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(InsertPayment, new
        {
            invoiceId, date = InvoiceDrafts.ToDate(date), input.Amount, input.Currency, input.Reference, applied, credit, now = now.UtcDateTime, key = idempotencyKey,
        }, transaction, cancellationToken: cancellationToken));
        if (credit > 0)
            await connection.ExecuteAsync(new CommandDefinition(InsertCredit, new { invoiceId, paymentId, credit, now = now.UtcDateTime }, transaction, cancellationToken: cancellationToken));
        var updated = await SettleAsync(transaction, invoice, applied, 0m, cancellationToken);
        var payment = new Payment(paymentId, invoiceId, date, input.Amount, input.Currency!, input.Reference, applied, credit, now);
        await outbox.AppendAsync(transaction, InvoiceEvents.PaymentRecorded, updated,
            new { paymentId, input.Amount, applied, customerCredit = credit, date, transactionId = bankTransactionId }, cancellationToken);
        if (updated.Status == InvoiceStatus.Paid && invoice.Status != InvoiceStatus.Paid)
            await outbox.AppendAsync(transaction, InvoiceEvents.Paid, updated, new { transactionId = bankTransactionId }, cancellationToken);
        return (updated, payment);
    }

    /// <summary>
    /// Writes off a small difference (the reconciliation's threshold: a customer paid a few francs short): it leaves the open
    /// amount like a credit, kept apart as <c>written_off_amount</c>; in the caller's transaction.
    /// </summary>
    public async Task<Invoice> WriteOffAsync(NpgsqlTransaction transaction, Guid invoiceId, decimal amount, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var invoice = await InvoiceStore.LockAsync(transaction.Connection!, transaction, invoiceId, cancellationToken);
        if (amount <= 0 || amount > invoice.OpenAmount)
            throw ValidationException.For("writeOff", $"A write-off is more than 0 and at most the open amount ({invoice.OpenAmount:0.00}).");
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("UPDATE invoices SET written_off_amount = written_off_amount + @amount WHERE id = @invoiceId",
            new { invoiceId, amount }, transaction, cancellationToken: cancellationToken));
        var updated = await SettleAsync(transaction, invoice, 0m, amount, cancellationToken);
        await outbox.AppendAsync(transaction, InvoiceEvents.WrittenOff, updated, new { amount, reason }, cancellationToken);
        if (updated.Status == InvoiceStatus.Paid && invoice.Status != InvoiceStatus.Paid)
            await outbox.AppendAsync(transaction, InvoiceEvents.Paid, updated, null, cancellationToken);
        return updated;
    }

    /// <summary>
    /// Undoes a payment recorded by mistake (a wrong bank match): the row stays, marked reversed with who and why; its
    /// applied amount goes back on the invoice (and its customer credit is withdrawn). In the caller's transaction.
    /// </summary>
    public async Task<Invoice> ReversePaymentAsync(NpgsqlTransaction transaction, Guid paymentId, decimal writtenOff, string by, string reason,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var connection = transaction.Connection!;
        var row = await connection.QuerySingleOrDefaultAsync<(Guid InvoiceId, decimal Applied, DateTime? ReversedAt)?>(new CommandDefinition(
            "SELECT invoice_id, applied_amount, reversed_at FROM invoice_payments WHERE id = @paymentId", new { paymentId }, transaction,
            cancellationToken: cancellationToken)) ?? throw new NotFoundException($"No payment with id '{paymentId}'.");
        if (row.ReversedAt is not null) throw new ConflictException("The payment was reversed already.", "payment.reversed");
        var invoice = await InvoiceStore.LockAsync(connection, transaction, row.InvoiceId, cancellationToken);
        var now = clock.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE invoice_payments SET reversed_at = @now, reversed_by = @by, reversed_reason = @reason WHERE id = @paymentId;
            DELETE FROM customer_credits WHERE payment_id = @paymentId;
            UPDATE invoices SET paid_amount = paid_amount - @applied, credited_amount = credited_amount - @writtenOff,
                written_off_amount = written_off_amount - @writtenOff,
                status = CASE WHEN total - (paid_amount - @applied) - (credited_amount - @writtenOff) <= 0 THEN 'paid'
                              WHEN paid_amount - @applied > 0 THEN 'partially_paid' ELSE 'sent' END,
                paid_at = CASE WHEN total - (paid_amount - @applied) - (credited_amount - @writtenOff) <= 0 THEN paid_at END, updated_at = @now
            WHERE id = @invoiceId;
            """, new { paymentId, now = now.UtcDateTime, by, reason, applied = row.Applied, writtenOff, invoiceId = row.InvoiceId }, transaction,
            cancellationToken: cancellationToken));
        var updated = (await InvoiceStore.LoadAsync(connection, transaction, row.InvoiceId, false, cancellationToken))!;
        await outbox.AppendAsync(transaction, InvoiceEvents.PaymentReversed, updated, new { paymentId, by, reason, wasStatus = invoice.Status }, cancellationToken);
        return updated;
    }

    /// <summary>Issues a credit note against an open invoice: a negative document with its own number in the
    /// <c>-CN-</c> series, referencing the invoice and reducing its open amount (never below zero).</summary>
    public async Task<Invoice> CreateCreditNoteAsync(Guid invoiceId, CreditNoteInput input, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var creditNote = await CreateCreditNoteAsync(transaction, invoiceId, input, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return creditNote;
    }

    /// <summary>As above, in the caller's <paramref name="transaction"/>; the caller commits.</summary>
    public async Task<Invoice> CreateCreditNoteAsync(NpgsqlTransaction transaction, Guid invoiceId, CreditNoteInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        InvoiceInputValidator.ValidateLines(input.Lines, errors);
        InvoiceInputValidator.ValidateNotes(input.Notes, errors);
        InvoiceInputValidator.ValidateDate(input.Date, "date", errors);
        errors.ThrowIfAny();
        var connection = transaction.Connection!;
        var invoice = await InvoiceStore.LockAsync(connection, transaction, invoiceId, cancellationToken);
        if (invoice.Kind != InvoiceKind.Invoice || !InvoiceStatus.Open.Contains(invoice.Status))
            throw new ConflictException($"Invoice {invoice.Number ?? invoice.Id.ToString()} is {invoice.Status}; credit notes go against open issued invoices.");
        var amounts = InvoiceCalculator.Compute(input.Lines!, cashRounding: false, sign: -1);
        if (-amounts.Total <= 0)
            throw ValidationException.For("lines", "A credit note must credit an amount greater than 0.");
        if (-amounts.Total > invoice.OpenAmount)
            throw ValidationException.For("lines", $"The credit note ({-amounts.Total:0.00}) exceeds the open amount ({invoice.OpenAmount:0.00}).");

        var date = input.Date ?? SwissCalendar.Today(clock);
        var number = await InvoiceNumbering.NextAsync(transaction, invoice.CompanyCode, InvoiceKind.CreditNote, date.Year, cancellationToken);
        var id = await InvoiceDrafts.InsertAsync(transaction, new InvoiceDrafts.NewInvoice(invoice.CompanyCode, invoice.CustomerId, InvoiceKind.CreditNote,
            invoice.Id, number.Number, InvoiceStatus.Issued, invoice.Currency, date, date, 0, false, amounts, input.Notes, clock.GetUtcNow()), cancellationToken);
        var creditNote = (await InvoiceStore.LoadAsync(connection, transaction, id, false, cancellationToken))!;
        var updated = await SettleAsync(transaction, invoice, 0m, -amounts.Total, cancellationToken);
        await outbox.AppendAsync(transaction, InvoiceEvents.CreditNoteCreated, updated,
            new { creditNoteId = id, creditNoteNumber = number.Number, amount = amounts.Total }, cancellationToken);
        if (updated.Status == InvoiceStatus.Paid)
            await outbox.AppendAsync(transaction, InvoiceEvents.Paid, updated, null, cancellationToken);
        return creditNote;
    }

    private async Task<Invoice> SettleAsync(NpgsqlTransaction transaction, Invoice invoice, decimal paid, decimal credited, CancellationToken cancellationToken)
    {
        // The invoice is open or paid here (both callers check), so OpenAmount is total less payments and credits.
        var settled = invoice with { PaidAmount = invoice.PaidAmount + paid, CreditedAmount = invoice.CreditedAmount + credited };
        var status = settled.OpenAmount <= 0 ? InvoiceStatus.Paid
            : settled.PaidAmount > 0 ? InvoiceStatus.PartiallyPaid
            : invoice.Status;
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(Settle, new { id = invoice.Id, paid, credited, status, now = clock.GetUtcNow().UtcDateTime },
            transaction, cancellationToken: cancellationToken));
        return settled with { Status = status };
    }
}
