using System.Text.Json.Serialization;

namespace Finance.Core.Integrations.InvoiceNinja;

/// <summary>Invoice status ids (Invoice Ninja v5 <c>Invoice::STATUS_*</c>; OpenAPI <c>status_id</c> is their string form).</summary>
public enum NinjaInvoiceStatus { Unknown = 0, Draft = 1, Sent = 2, Partial = 3, Paid = 4, Cancelled = 5, Reversed = 6 }

/// <summary>OpenAPI schema <c>Client</c>, the fields we use. Ids are Invoice Ninja's hashed ids.</summary>
public sealed record NinjaClient(
    string Id, string Name, string? Number, decimal Balance, decimal PaidToDate, string? VatNumber, DateTimeOffset UpdatedAt, bool IsDeleted)
{
    public string? Address1 { get; init; }
    public string? Address2 { get; init; }
    public string? City { get; init; }
    public string? PostalCode { get; init; }

    /// <summary>ISO 3166-1 numeric code (Invoice Ninja's countries table is keyed by it: 756 is Switzerland); a string or a number.</summary>
    public int? CountryId { get; init; }

    public IReadOnlyList<NinjaContact>? Contacts { get; init; }

    /// <summary>OpenAPI schema <c>ClientSettings</c>: only what the client overrides of its company's settings.</summary>
    public NinjaClientSettings? Settings { get; init; }
}

/// <summary>OpenAPI schema <c>ClientContact</c>, the fields we use.</summary>
public sealed record NinjaContact(string? FirstName, string? LastName, string? Email, bool IsPrimary);

/// <summary>OpenAPI schema <c>ClientSettings</c>: ids (strings there, read as numbers); <c>payment_terms</c> is days (-1 none, 0 due at once).</summary>
public sealed record NinjaClientSettings(int? CurrencyId, int? LanguageId, int? PaymentTerms);

/// <summary>OpenAPI schema <c>InvoiceItem</c>, the fields we use (taxes as rates in percent, up to three per line).</summary>
public sealed record NinjaLineItem(
    decimal Quantity, decimal Cost, string? ProductKey, string? Notes, decimal Discount, bool IsAmountDiscount,
    string? TaxName1, decimal TaxRate1, string? TaxName2, decimal TaxRate2, string? TaxName3, decimal TaxRate3, decimal LineTotal);

/// <summary>OpenAPI schema <c>Invoice</c>, the fields we use.</summary>
public sealed record NinjaInvoice(
    string Id,
    string ClientId,
    string? Number,
    string StatusId,
    decimal Amount,
    decimal Balance,
    decimal PaidToDate,
    DateOnly? Date,
    DateOnly? DueDate,
    DateTimeOffset UpdatedAt,
    bool IsDeleted)
{
    public IReadOnlyList<NinjaLineItem>? LineItems { get; init; }

    public decimal TotalTaxes { get; init; }

    /// <summary>Line costs include their tax (the company setting); otherwise tax is added on top.</summary>
    public bool UsesInclusiveTaxes { get; init; }

    /// <summary>Invoice-level taxes and discount, applied over all lines (OpenAPI <c>Invoice</c>).</summary>
    public decimal TaxRate1 { get; init; }
    public decimal TaxRate2 { get; init; }
    public decimal TaxRate3 { get; init; }
    public decimal Discount { get; init; }

    [JsonIgnore]
    public NinjaInvoiceStatus Status => int.TryParse(StatusId, out var s) && Enum.IsDefined((NinjaInvoiceStatus)s) ? (NinjaInvoiceStatus)s : NinjaInvoiceStatus.Unknown;
}

/// <summary>OpenAPI schema <c>Payment</c>, the fields we use; <see cref="Invoices"/> is its <c>InvoicePaymentable</c> list.</summary>
public sealed record NinjaPayment(
    string Id,
    string ClientId,
    string? Number,
    decimal Amount,
    decimal Refunded,
    DateOnly? Date,
    string? TransactionReference,
    string? CustomValue1,
    string? CustomValue2,
    string? CustomValue3,
    string? CustomValue4,
    IReadOnlyList<NinjaPaymentInvoice>? Invoices,
    DateTimeOffset UpdatedAt,
    bool IsDeleted)
{
    public string? CustomValue(int field) => field switch { 1 => CustomValue1, 2 => CustomValue2, 3 => CustomValue3, 4 => CustomValue4, _ => null };
}

/// <summary>OpenAPI schema <c>InvoicePaymentable</c> (its amount is a string there; read either way).</summary>
public sealed record NinjaPaymentInvoice(string InvoiceId, decimal Amount);

/// <summary>A payment recorded here, to apply to one Invoice Ninja invoice. <see cref="OurPaymentId"/> makes the push idempotent.</summary>
public sealed record NinjaPaymentPush(string OurPaymentId, string ClientId, string InvoiceId, decimal Amount, DateOnly Date, string? Note = null);

/// <summary>The payment there, and whether this push created it (false: an earlier push had, and nothing was sent).</summary>
public sealed record NinjaPaymentPushResult(NinjaPayment Payment, bool Created);
