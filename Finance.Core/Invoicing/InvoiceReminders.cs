using Finance.Core.Errors;
using Dapper;
using Finance.Core.Companies;
using Finance.Core.Documents;
using Finance.Core.Events;
using Finance.Core.Notifications.Email;
using Npgsql;

namespace Finance.Core.Invoicing;

public sealed record Reminder(Guid Id, Guid InvoiceId, int Level, decimal Fee, string Currency, decimal OpenAmount, DateOnly PayBy, DateTimeOffset SentAt);

/// <summary>What a reminder step did: sent (now or by an earlier attempt), or skipped because nothing is open any more.</summary>
public sealed record ReminderOutcome(bool Sent, string? SkippedBecause, Reminder? Reminder);

/// <summary>
/// Sends reminder levels 1–3 (friendly; with a fee; formal notice with a fee and an alert that a person must take
/// the case). Fees are recorded with the reminder, not added to the invoice: a reminder fee is its own claim.
/// </summary>
public sealed class InvoiceReminders(NpgsqlDataSource dataSource, InvoiceStore invoices, CompanyStore companies, InvoiceMailer mailer, OutboxWriter outbox,
    TimeProvider clock)
{
    public const string ReminderSent = "invoice.reminder_sent";
    public const string AlertRaised = "alert.raised";

    /// <summary>The <c>kind</c> of the <see cref="AlertRaised"/> event after the third reminder.</summary>
    public const string DunningEscalated = "dunning.escalated";

    private const string Insert = """
        INSERT INTO invoice_reminders (company_id, invoice_id, level, fee, currency, open_amount, pay_by, idempotency_key, sent_at)
        SELECT company_id, id, @level, @fee, currency, @openAmount, @payBy, @key, @sentAt FROM invoices WHERE id = @invoiceId
        RETURNING id
        """;

    private const string SelectColumns = "SELECT id, invoice_id, level, fee, currency, open_amount, pay_by, sent_at FROM invoice_reminders";

    /// <summary>Sends reminder <paramref name="level"/> with the level's template unless <paramref name="template"/> names another.</summary>
    public async Task<ReminderOutcome> SendAsync(Guid invoiceId, int level, decimal fee, int payWithinDays, string idempotencyKey, CancellationToken cancellationToken,
        EmailKind? template = null)
    {
        if (level is < 1 or > 3) throw ValidationException.For("level", "Reminder levels are 1, 2 and 3.");
        if (fee < 0) throw ValidationException.For("fee", "A reminder fee cannot be negative.");
        // Company data is read before the transaction takes its connection (as in InvoiceLifecycle.IssueAsync): the
        // e-mail needs it while the invoice row is locked, and waiting on the pool for a second connection then could starve it.
        var companyCode = await invoices.CompanyOfAsync(invoiceId, cancellationToken) ?? throw new NotFoundException($"No invoice with id '{invoiceId}'.");
        var company = (await companies.FindAsync(companyCode, cancellationToken))!;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var invoice = await InvoiceStore.LockAsync(connection, transaction, invoiceId, cancellationToken);
        // Checked under the invoice lock: a concurrent attempt with the same key has committed by now if it ran.
        var earlier = await connection.QuerySingleOrDefaultAsync<ReminderRow>(new CommandDefinition(
            $"{SelectColumns} WHERE idempotency_key = @key", new { key = idempotencyKey }, transaction, cancellationToken: cancellationToken));
        if (earlier is not null) return new ReminderOutcome(true, null, earlier.ToReminder());
        if (invoice.OpenAmount <= 0 || !InvoiceStatus.Open.Contains(invoice.Status))
        {
            return new ReminderOutcome(false, $"invoice is {invoice.Status}", null);
        }

        var payBy = SwissCalendar.Today(clock).AddDays(payWithinDays);
        var reminder = new EmailReminder(level, QrBillFormat.Amount(fee), QrBillFormat.Amount(invoice.OpenAmount + fee), InvoiceLayout.Date(payBy));
        var kind = template ?? level switch { 1 => EmailKind.Reminder1, 2 => EmailKind.Reminder2, _ => EmailKind.Reminder3 };
        // The customer is read on this connection; the mailer gets the locked invoice as it is instead of reading it again.
        var customer = (await CustomerStore.LoadAsync(connection, transaction, invoice.CustomerId, cancellationToken))!;
        var receipt = await mailer.SendAsync(new InvoiceParties(invoice, company, customer), kind, reminder, idempotencyKey, cancellationToken);

        var sentAt = receipt.SentAt;
        var id = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(Insert, new
        {
            invoiceId, level, fee, openAmount = invoice.OpenAmount, payBy = InvoiceDrafts.ToDate(payBy), key = idempotencyKey, sentAt = sentAt.UtcDateTime,
        }, transaction, cancellationToken: cancellationToken));
        await outbox.AppendAsync(transaction, ReminderSent, invoice, new { level, fee, payBy }, cancellationToken);
        if (level == 3)
        {
            await outbox.AppendAsync(transaction, AlertRaised, invoice,
                new { kind = DunningEscalated, message = $"Invoice {invoice.Number}: formal notice sent; the case needs a person." }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return new ReminderOutcome(true, null, new Reminder(id, invoiceId, level, fee, invoice.Currency, invoice.OpenAmount, payBy, sentAt));
    }

    public async Task<IReadOnlyList<Reminder>> ListAsync(Guid invoiceId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReminderRow>(new CommandDefinition(
            $"{SelectColumns} WHERE invoice_id = @invoiceId ORDER BY level, sent_at", new { invoiceId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToReminder())];
    }

#pragma warning disable IDE1006, CA1812 // Dapper row shape mirrors the SQL column names.
    private sealed record ReminderRow(Guid id, Guid invoice_id, short level, decimal fee, string currency, decimal open_amount, DateOnly pay_by, DateTime sent_at)
    {
        public Reminder ToReminder() => new(id, invoice_id, level, fee, currency, open_amount, pay_by, new DateTimeOffset(sent_at, TimeSpan.Zero));
    }
#pragma warning restore IDE1006, CA1812
}
