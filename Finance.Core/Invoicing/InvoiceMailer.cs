using Finance.Core.Errors;
using Finance.Core.Companies;
using Finance.Core.Documents;
using Finance.Core.Notifications.Email;

namespace Finance.Core.Invoicing;

/// <summary>
/// E-mails an invoice or a reminder with the invoice PDF (QR-bill for the open amount) attached, in the customer's
/// language. Sending is idempotent under the caller's key (a flow step's), see <see cref="EmailSender"/>.
/// </summary>
public sealed class InvoiceMailer(InvoicePdf documents, EmailSender sender, EmailTemplates templates)
{
    public async Task<EmailReceipt> SendAsync(Guid invoiceId, EmailKind kind, EmailReminder? reminder, string idempotencyKey, CancellationToken cancellationToken) =>
        await SendAsync(await LoadAsync(invoiceId, cancellationToken), kind, reminder, idempotencyKey, cancellationToken);

    /// <summary>Sends for parties the caller has already loaded (e.g. under its invoice lock), without reading them again.</summary>
    public async Task<EmailReceipt> SendAsync(InvoiceParties parties, EmailKind kind, EmailReminder? reminder, string idempotencyKey, CancellationToken cancellationToken)
    {
        var (invoice, company, customer) = parties;
        if (invoice.Number is null) throw new ConflictException("A draft cannot be e-mailed: issue it first.");
        var pdf = documents.Render(parties);

        var email = templates.Render(kind, customer.Language, Model(invoice, company, customer, reminder));
        return await sender.SendAsync(new EmailMessage(
            idempotencyKey, invoice.CompanyCode, new EmailAddress(customer.Email, customer.Name), email.Subject, email.TextBody,
            [new EmailAttachment($"{invoice.Number}.pdf", "application/pdf", pdf)], new EmailAddress(company.Email, company.Name)), cancellationToken);
    }

    /// <summary>Tells the company's finance address that a payment came in, in the company's language.</summary>
    public async Task<EmailReceipt> NotifyPaymentAsync(Guid invoiceId, string idempotencyKey, CancellationToken cancellationToken)
    {
        var (invoice, company, customer) = await LoadAsync(invoiceId, cancellationToken);
        var email = templates.Render(EmailKind.PaymentReceived, company.DefaultLanguage, Model(invoice, company, customer, null));
        return await sender.SendAsync(new EmailMessage(
            idempotencyKey, invoice.CompanyCode, new EmailAddress(company.Email, company.Name), email.Subject, email.TextBody, []), cancellationToken);
    }

    private async Task<InvoiceParties> LoadAsync(Guid invoiceId, CancellationToken cancellationToken) =>
        await documents.LoadAsync(invoiceId, cancellationToken) ?? throw new NotFoundException($"No invoice with id '{invoiceId}'.");

    private static EmailTemplateModel Model(Invoice invoice, Company company, Customer customer, EmailReminder? reminder) => new(
        new EmailParty(customer.Name, customer.Email),
        new EmailParty(company.Name, company.Email),
        new EmailInvoice(invoice.Number!, InvoiceLayout.Date(invoice.InvoiceDate!.Value), InvoiceLayout.Date(invoice.DueDate!.Value), invoice.Currency,
            QrBillFormat.Amount(invoice.Amounts.Total), QrBillFormat.Amount(invoice.OpenAmount)),
        reminder);
}
