namespace Finance.Core.Invoicing;

public static class InvoiceStatus
{
    public const string Draft = "draft";
    public const string Issued = "issued";
    public const string Sent = "sent";
    public const string PartiallyPaid = "partially_paid";
    public const string Paid = "paid";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Draft, Issued, Sent, PartiallyPaid, Paid, Cancelled];

    /// <summary>States in which money is still expected.</summary>
    public static readonly IReadOnlyList<string> Open = [Issued, Sent, PartiallyPaid];

    /// <summary><see cref="Open"/> as a SQL list for <c>status IN (…)</c> inside const SQL text.</summary>
    public const string OpenSqlList = $"'{Issued}', '{Sent}', '{PartiallyPaid}'";
}

public static class InvoiceKind
{
    public const string Invoice = "invoice";
    public const string CreditNote = "credit_note";
}

/// <summary>An invoice or a credit note. A credit note's amounts are negative; <see cref="CreditedInvoiceId"/> names the invoice it reduces.</summary>
public sealed record Invoice
{
    public required Guid Id { get; init; }
    public required string CompanyCode { get; init; }
    public required Guid CustomerId { get; init; }
    public required string Kind { get; init; }
    public Guid? CreditedInvoiceId { get; init; }
    public string? Number { get; init; }
    public required string Status { get; init; }
    public required string Currency { get; init; }
    public DateOnly? InvoiceDate { get; init; }
    public DateOnly? DueDate { get; init; }
    public required int PaymentTermsDays { get; init; }
    public required bool CashRounding { get; init; }
    public required InvoiceAmounts Amounts { get; init; }
    public required decimal PaidAmount { get; init; }
    public required decimal CreditedAmount { get; init; }
    public string? CreditorAccount { get; init; }
    public string? ReferenceType { get; init; }
    public string? PaymentReference { get; init; }
    public string? Notes { get; init; }
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>Set by the daily overdue check (Swiss date it first found the invoice past due).</summary>
    public DateOnly? OverdueSince { get; init; }

    /// <summary>Reminders sent so far (the rows of <c>invoice_reminders</c>).</summary>
    public int ReminderCount { get; init; }

    /// <summary>What the customer still owes: total less payments and credit notes (never below zero; 0 for drafts, credit notes and cancelled ones).</summary>
    public decimal OpenAmount => Kind == InvoiceKind.Invoice && InvoiceStatus.Open.Contains(Status) || Status == InvoiceStatus.Paid
        ? Math.Max(0m, Amounts.Total - PaidAmount - CreditedAmount)
        : 0m;
}

public sealed record InvoiceLineInput(string? Description, decimal Quantity, decimal UnitPrice, decimal DiscountPercent, decimal VatRate);

/// <summary>What a caller sends to create or replace a draft.</summary>
public sealed record InvoiceDraftInput(
    string? CompanyCode,
    Guid CustomerId,
    string? Currency,
    DateOnly? InvoiceDate,
    bool CashRounding,
    string? Notes,
    IReadOnlyList<InvoiceLineInput>? Lines);

public sealed record CreditNoteInput(DateOnly? Date, string? Notes, IReadOnlyList<InvoiceLineInput>? Lines);

public sealed record PaymentInput(DateOnly? Date, decimal Amount, string? Currency, string? Reference);

public sealed record Payment(Guid Id, Guid InvoiceId, DateOnly Date, decimal Amount, string Currency, string? Reference,
    decimal AppliedAmount, decimal CreditAmount, DateTimeOffset RecordedAt);
