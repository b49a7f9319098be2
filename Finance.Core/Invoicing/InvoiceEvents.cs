using Finance.Core.Events;
using Npgsql;

namespace Finance.Core.Invoicing;

/// <summary>Outbox events of the invoicing domain, written in the transaction of the change they announce (DESIGN.md §4).</summary>
public static class InvoiceEvents
{
    public const string Issued = "invoice.issued";
    public const string Sent = "invoice.sent";
    public const string CreatedAndSent = "invoice.created_and_sent";
    public const string PaymentRecorded = "invoice.payment_recorded";
    public const string Paid = "invoice.paid";
    public const string WrittenOff = "invoice.written_off";
    public const string PaymentReversed = "invoice.payment_reversed";
    public const string Cancelled = "invoice.cancelled";
    public const string CreditNoteCreated = "invoice.credit_note_created";

    public static Task AppendAsync(this OutboxWriter outbox, NpgsqlTransaction transaction, string type, Invoice invoice,
        object? details, CancellationToken cancellationToken)
    {
        var (_, company, payload) = Event(type, invoice, details);
        return outbox.AppendAsync(transaction, type, company, payload, cancellationToken);
    }

    /// <summary>An invoice event as an outbox row (type, company, payload), for the multi-row <c>OutboxWriter.Command</c>.</summary>
    public static (string Type, string? Company, object Payload) Event(string type, Invoice invoice, object? details) =>
        (type, invoice.CompanyCode, new
        {
            invoiceId = invoice.Id,
            invoice.Number,
            invoice.Status,
            invoice.CustomerId,
            invoice.Currency,
            total = invoice.Amounts.Total,
            openAmount = invoice.OpenAmount,
            details,
        });
}
