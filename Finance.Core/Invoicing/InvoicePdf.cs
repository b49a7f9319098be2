using Finance.Core.Companies;
using Finance.Core.Documents;
using Finance.Core.Invoicing.QrBill;

namespace Finance.Core.Invoicing;

/// <summary>Maps an invoice to the <see cref="InvoiceDocument"/> the renderer lays out, with its QR-bill:
/// creditor = the account stored at issue (QR-IBAN + QRR or IBAN + SCOR), debtor = the customer, amount = the open amount.</summary>
public sealed class InvoicePdf(InvoiceStore invoices, CompanyStore companies, CustomerStore customers)
{
    public async Task<(Invoice Invoice, byte[] Pdf)?> RenderAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) is { } parties ? (parties.Invoice, Render(parties)) : null;

    /// <summary>The invoice with the company that bills and the customer who pays; null for an unknown id.</summary>
    public async Task<InvoiceParties?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await invoices.FindAsync(id, cancellationToken) is not { } invoice) return null;
        var company = (await companies.FindAsync(invoice.CompanyCode, cancellationToken))!;
        var customer = (await customers.FindAsync(invoice.CustomerId, cancellationToken))!;
        return new InvoiceParties(invoice, company, customer);
    }

    public byte[] Render(InvoiceParties parties) =>
        InvoicePdfRenderer.Render(ToDocument(parties.Invoice, parties.Company, parties.Customer, SwissCalendar.Today(invoices.Clock)));

    public static InvoiceDocument ToDocument(Invoice invoice, Company company, Customer customer, DateOnly today)
    {
        var language = customer.Language;
        var texts = InvoiceTexts.For(language);
        var lines = invoice.Amounts.Lines
            .Select(l => new InvoiceLine(l.Description, l.Quantity, l.UnitPrice, l.DiscountPercent, l.VatRate, l.Amount))
            .ToList();
        // Cash rounding is shown as its own line (0 % VAT: it is not a supply) so the lines add up to the total.
        if (invoice.Amounts.Rounding != 0) lines.Add(new InvoiceLine(texts.Rounding, 1, invoice.Amounts.Rounding, 0, 0, invoice.Amounts.Rounding));
        var invoiceDate = invoice.InvoiceDate ?? today;
        return new InvoiceDocument
        {
            Language = language,
            Number = invoice.Number ?? texts.Draft,
            IssueDate = invoiceDate,
            DueDate = invoice.DueDate ?? invoiceDate.AddDays(invoice.PaymentTermsDays),
            Currency = invoice.Currency,
            Company = new DocumentCompany(company.Name, [QrBillFormat.StreetLine(company.Address.Street, company.Address.BuildingNumber), $"{company.Address.PostalCode} {company.Address.Town}"], company.VatNumber, company.Email),
            Customer = new DocumentAddress(customer.Name, [QrBillFormat.StreetLine(customer.Address.Street, customer.Address.BuildingNumber), $"{customer.Address.PostalCode} {customer.Address.Town}",
                .. customer.Address.Country == "CH" ? Array.Empty<string>() : [customer.Address.Country]]),
            Lines = lines,
            Totals = new InvoiceTotals(invoice.Amounts.NetTotal, [.. invoice.Amounts.VatTotals.Select(v => new VatLine(v.Rate, v.Net, v.Vat))],
                invoice.Amounts.VatTotal, invoice.Amounts.Total),
            PaymentTerms = invoice.Kind == InvoiceKind.Invoice ? texts.Terms(invoice.PaymentTermsDays) : null,
            QrBill = Bill(invoice, company, customer),
        };
    }

    private static QrBill.QrBill? Bill(Invoice invoice, Company company, Customer customer)
    {
        // Only issued invoices with money still owed carry a payment slip; drafts have no reference yet.
        if (invoice.Kind != InvoiceKind.Invoice || invoice.CreditorAccount is null || invoice.PaymentReference is null || invoice.OpenAmount <= 0) return null;
        var type = QrReferenceTypeCodes.Parse(invoice.ReferenceType) ?? QrReferenceType.Scor;
        return InvoiceQrBills.Build(company, customer, invoice.CreditorAccount, type, invoice.PaymentReference, invoice.Currency, invoice.OpenAmount, invoice.Number);
    }
}

public sealed record InvoiceParties(Invoice Invoice, Company Company, Customer Customer);
