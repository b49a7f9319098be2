namespace Finance.Core.Documents;

/// <summary>Everything an invoice PDF shows, already computed: the invoicing domain maps to this,
/// the renderer only lays it out (it does no arithmetic).</summary>
public sealed record InvoiceDocument
{
    /// <summary>"de", "fr", "it" or "en": the customer's language.</summary>
    public required string Language { get; init; }
    public required string Number { get; init; }
    public required DateOnly IssueDate { get; init; }
    public required DateOnly DueDate { get; init; }
    public required string Currency { get; init; }
    public required DocumentCompany Company { get; init; }
    public required DocumentAddress Customer { get; init; }
    public required IReadOnlyList<InvoiceLine> Lines { get; init; }
    public required InvoiceTotals Totals { get; init; }
    public string? PaymentTerms { get; init; }
    /// <summary>The payment slip printed at the foot of the last page; null for none.</summary>
    public Invoicing.QrBill.QrBill? QrBill { get; init; }
}

public sealed record DocumentAddress(string Name, IReadOnlyList<string> Lines);

public sealed record DocumentCompany(string Name, IReadOnlyList<string> AddressLines, string VatNumber, string? Contact = null);

/// <summary>One invoice line; <c>DiscountPercent</c> is 0 when there is none, <c>Amount</c> is net after discount.</summary>
public sealed record InvoiceLine(string Description, decimal Quantity, decimal UnitPrice, decimal DiscountPercent, decimal VatRatePercent, decimal Amount);

public sealed record VatLine(decimal RatePercent, decimal NetAmount, decimal VatAmount);

public sealed record InvoiceTotals(decimal NetTotal, IReadOnlyList<VatLine> Vat, decimal VatTotal, decimal GrandTotal);
