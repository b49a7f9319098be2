namespace Finance.Core.Reading;

/// <summary>
/// The names of the fields a reading may carry. Values are text: dates <c>yyyy-MM-dd</c>, amounts and rates invariant
/// decimals ("1234.50", "8.1"), the reference type QRR, SCOR or NON.
/// </summary>
public static class BillFields
{
    public const string SupplierName = "supplier.name";
    public const string SupplierAddress = "supplier.address";
    public const string SupplierUid = "supplier.uid";
    public const string SupplierVatNumber = "supplier.vat_number";
    public const string Iban = "payment.iban";
    public const string Reference = "payment.reference";
    public const string ReferenceType = "payment.reference_type";
    /// <summary>The QR-bill's unstructured message (exact).</summary>
    public const string Message = "payment.message";
    /// <summary>The QR-bill's structured bill information, e.g. Swico "//S1/10/…" (exact).</summary>
    public const string BillInformation = "payment.bill_information";
    public const string InvoiceNumber = "invoice.number";
    public const string InvoiceDate = "invoice.date";
    public const string DueDate = "invoice.due_date";
    public const string PaymentTermsDays = "invoice.payment_terms_days";
    public const string Currency = "amount.currency";
    public const string NetAmount = "amount.net";
    public const string VatAmount = "amount.vat";
    public const string GrossAmount = "amount.gross";
    public const string VatRate = "amount.vat_rate";
    /// <summary>Net and VAT per rate, highest rate first: "8.1:1000.00:81.00;2.6:200.00:5.20" (rate:net:VAT).</summary>
    public const string VatBreakdown = "amount.vat_breakdown";
    public const string DebtorName = "debtor.name";
    public const string DebtorAddress = "debtor.address";

    /// <summary>The fields whose minimum confidence is a reading's overall confidence (a missing one counts as 0).</summary>
    public static readonly IReadOnlyList<string> Key = [SupplierName, InvoiceNumber, Currency, GrossAmount];
}
