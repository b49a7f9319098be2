using System.Globalization;
using Finance.Core.Companies;
using Finance.Core.Invoicing;

namespace Finance.Core.Integrations.InvoiceNinja;

/// <summary>An Invoice Ninja invoice as it is kept here: its number, dates, currency, our document status and amounts.</summary>
public sealed record NinjaInvoiceCopy(string Number, string Status, string Currency, DateOnly InvoiceDate, DateOnly DueDate, int PaymentTermsDays,
    InvoiceAmounts Amounts);

/// <summary>A mapping result: the value, or why the record cannot be kept here as it is.</summary>
public sealed record Mapped<T>(T? Value, string? Problem) where T : class;

/// <summary>
/// How Invoice Ninja's records become ours, without I/O. The mapping is strict rather than approximate: what cannot be kept
/// honestly is refused with the reason, and the sync shows it for review instead of guessing.
/// <list type="bullet">
/// <item>A client is a customer: <c>address1</c> the street, <c>address2</c> unused (our addresses are structured; a
/// building number written in address1 stays there), <c>city</c>, <c>postal_code</c>, <c>country_id</c> (ISO 3166-1
/// numeric, Invoice Ninja's countries table) to the two-letter code, the primary contact's e-mail, the language from
/// <c>settings.language_id</c> (Invoice Ninja's languages table: 1 en, 2 it, 3 de, 4 fr, 13 fr-CA, 20 en-GB) else the
/// company's, the terms from <c>settings.payment_terms</c> (days) else 30. A client without address or e-mail is refused:
/// our customers are QR-bill debtors and receive mail.</item>
/// <item>An invoice keeps Invoice Ninja's number (it is the document the customer holds; ours are prefixed with the company
/// code, so the two series do not meet; a clash is refused by the unique number index and shown). Drafts are not invoices
/// yet and are not taken; sent, partial and paid ones are <c>sent</c> here (what was paid arrives as payments, so the
/// open amount here is theirs); cancelled and reversed ones are <c>cancelled</c>.</item>
/// <item>Amounts are recomputed from the lines the way every invoice here is (each line to 0.01, VAT per rate on the net
/// of that rate, ESTV MWST-Info 16) and must come to Invoice Ninja's <c>amount</c> exactly: a line's tax is its one
/// non-zero <c>tax_rate1..3</c>, else the invoice's; it must be a Swiss rate (MWSTG art. 25). Inclusive taxes, an
/// invoice-level discount or a total that does not follow from the lines are refused: copying Invoice Ninja's total beside
/// lines that do not add up to it would misstate the VAT.</item>
/// <item>Currency is the client's <c>settings.currency_id</c> (Invoice Ninja's currencies table: 17 CHF, 3 EUR; our
/// invoices are CHF or EUR); a client without one uses its company's, which for the group's Swiss companies is CHF.</item>
/// </list>
/// </summary>
public static class NinjaMapping
{
    public const int DefaultPaymentTermsDays = 30;

    private static readonly Dictionary<int, string> Countries = new()
    {
        [756] = "CH", [438] = "LI", [276] = "DE", [250] = "FR", [380] = "IT", [40] = "AT", [56] = "BE", [528] = "NL", [442] = "LU",
        [724] = "ES", [620] = "PT", [826] = "GB", [372] = "IE", [840] = "US", [124] = "CA", [752] = "SE", [578] = "NO", [208] = "DK",
    };

    private static readonly Dictionary<int, string> Languages = new() { [1] = "en", [20] = "en", [2] = "it", [3] = "de", [4] = "fr", [13] = "fr" };

    private static readonly Dictionary<int, string> Currencies = new() { [17] = "CHF", [3] = "EUR" };

    public static Mapped<CustomerInput> Customer(NinjaClient client, string companyLanguage)
    {
        ArgumentNullException.ThrowIfNull(client);
        var email = (client.Contacts ?? []).OrderByDescending(c => c.IsPrimary).Select(c => c.Email?.Trim()).FirstOrDefault(e => !string.IsNullOrEmpty(e));
        if (string.IsNullOrWhiteSpace(client.Address1) || string.IsNullOrWhiteSpace(client.PostalCode) || string.IsNullOrWhiteSpace(client.City))
            return Refused<CustomerInput>($"client {client.Name} has no complete address (address1, postal code, city)");
        if (email is null) return Refused<CustomerInput>($"client {client.Name} has no contact e-mail");
        if (client.CountryId is not { } countryId || !Countries.TryGetValue(countryId, out var country))
            return Refused<CustomerInput>($"client {client.Name}: country id {client.CountryId?.ToString(CultureInfo.InvariantCulture) ?? "(none)"} is not one we know");
        var language = client.Settings?.LanguageId is { } l && Languages.TryGetValue(l, out var lang) ? lang : companyLanguage;
        var terms = client.Settings?.PaymentTerms is { } t and >= 0 and <= 365 ? t : DefaultPaymentTermsDays;
        return Ok(new CustomerInput(client.Name.Trim(), new PostalAddress(client.Address1.Trim(), "", client.PostalCode.Trim(),
            client.City.Trim(), country), language, email, terms, string.IsNullOrWhiteSpace(client.VatNumber) ? null : client.VatNumber.Trim()));
    }

    /// <summary>Whether our customer already holds what <paramref name="input"/> says (the fields the sync copies).</summary>
    public static bool Agrees(Customer ours, CustomerInput input)
    {
        ArgumentNullException.ThrowIfNull(ours);
        ArgumentNullException.ThrowIfNull(input);
        return ours.Name == input.Name && ours.Address.Street == input.Address!.Street && ours.Address.PostalCode == input.Address.PostalCode
            && ours.Address.Town == input.Address.Town && ours.Address.Country == input.Address.Country && ours.Email == input.Email
            && ours.Language == input.Language && ours.PaymentTermsDays == input.PaymentTermsDays && ours.VatNumber == input.VatNumber;
    }

    public static string? Currency(NinjaClient client) =>
        client.Settings?.CurrencyId is { } id ? Currencies.GetValueOrDefault(id) : "CHF";

    /// <summary>Null for a draft there (not taken); otherwise the copy or why it cannot be kept.</summary>
    public static Mapped<NinjaInvoiceCopy>? Invoice(NinjaInvoice invoice, string currency, int customerTermsDays)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var status = StatusHere(invoice.Status);
        if (status is null) return null;
        var label = $"invoice {invoice.Number ?? invoice.Id}";
        if (string.IsNullOrWhiteSpace(invoice.Number)) return Refused<NinjaInvoiceCopy>($"{label} has no number");
        if (invoice.Date is not { } date) return Refused<NinjaInvoiceCopy>($"{label} has no date");
        if (invoice.UsesInclusiveTaxes) return Refused<NinjaInvoiceCopy>($"{label} uses inclusive taxes; VAT here is added to net lines");
        if (invoice.Discount != 0) return Refused<NinjaInvoiceCopy>($"{label} has an invoice-level discount; give it on the lines");
        var invoiceRates = new[] { invoice.TaxRate1, invoice.TaxRate2, invoice.TaxRate3 }.Where(r => r != 0).ToList();
        if (invoiceRates.Count > 1) return Refused<NinjaInvoiceCopy>($"{label} has several invoice taxes; Swiss VAT is one rate per line");
        var lines = new List<InvoiceLineInput>();
        foreach (var (item, i) in (invoice.LineItems ?? []).Select((item, i) => (item, i + 1)))
        {
            var rates = new[] { item.TaxRate1, item.TaxRate2, item.TaxRate3 }.Where(r => r != 0).ToList();
            if (rates.Count > 1) return Refused<NinjaInvoiceCopy>($"{label}, line {i}: several taxes; Swiss VAT is one rate per line");
            var rate = rates.Count == 1 ? rates[0] : invoiceRates.FirstOrDefault();
            if (!VatRates.IsAllowed(rate)) return Refused<NinjaInvoiceCopy>(string.Create(CultureInfo.InvariantCulture, $"{label}, line {i}: {rate} % is not a Swiss VAT rate"));
            if (item.Quantity <= 0) return Refused<NinjaInvoiceCopy>($"{label}, line {i}: quantity must be more than 0");
            var gross = item.Quantity * item.Cost;
            var discount = item.IsAmountDiscount ? (gross == 0 ? 0 : item.Discount / gross * 100m) : item.Discount;
            if (discount is < 0 or > 100) return Refused<NinjaInvoiceCopy>($"{label}, line {i}: discount out of range");
            var text = new[] { item.ProductKey, item.Notes }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()).Distinct().ToList();
            lines.Add(new InvoiceLineInput(text.Count > 0 ? string.Join(" – ", text) : $"Position {i}", item.Quantity, item.Cost,
                decimal.Round(discount, 4, MidpointRounding.AwayFromZero), rate));
        }
        if (lines.Count == 0) return Refused<NinjaInvoiceCopy>($"{label} has no lines");
        var amounts = InvoiceCalculator.Compute(lines, cashRounding: false);
        if (amounts.Total != invoice.Amount)
            return Refused<NinjaInvoiceCopy>(string.Create(CultureInfo.InvariantCulture, $"{label}: its lines come to {amounts.Total:0.00} at per-rate VAT, Invoice Ninja says {invoice.Amount:0.00}"));
        var due = invoice.DueDate ?? date.AddDays(customerTermsDays);
        return Ok(new NinjaInvoiceCopy(invoice.Number.Trim(), status, currency, date, due,
            Math.Clamp(due.DayNumber - date.DayNumber, 0, 365), amounts));
    }

    /// <summary>Our document status for theirs; null for a draft (not an invoice yet).</summary>
    public static string? StatusHere(NinjaInvoiceStatus status) => status switch
    {
        NinjaInvoiceStatus.Sent or NinjaInvoiceStatus.Partial or NinjaInvoiceStatus.Paid => InvoiceStatus.Sent,
        NinjaInvoiceStatus.Cancelled or NinjaInvoiceStatus.Reversed => InvoiceStatus.Cancelled,
        _ => null,
    };

    /// <summary>Our invoice status in Invoice Ninja's terms, for the planner's comparison.</summary>
    public static NinjaInvoiceStatus StatusThere(string status) => status switch
    {
        InvoiceStatus.Draft => NinjaInvoiceStatus.Draft,
        InvoiceStatus.Issued or InvoiceStatus.Sent => NinjaInvoiceStatus.Sent,
        InvoiceStatus.PartiallyPaid => NinjaInvoiceStatus.Partial,
        InvoiceStatus.Paid => NinjaInvoiceStatus.Paid,
        _ => NinjaInvoiceStatus.Cancelled,
    };

    private static Mapped<T> Ok<T>(T value) where T : class => new(value, null);

    private static Mapped<T> Refused<T>(string problem) where T : class => new(null, problem);

    /// <summary>Reversed there is cancelled here: compare it as cancelled, so the copies agree.</summary>
    public static NinjaInvoice Comparable(NinjaInvoice invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        return invoice.Status == NinjaInvoiceStatus.Reversed ? invoice with { StatusId = ((int)NinjaInvoiceStatus.Cancelled).ToString(CultureInfo.InvariantCulture) } : invoice;
    }
}
