namespace Finance.Core.Payables;

/// <summary>Where a supplier bill stands (<c>bills.status</c>).</summary>
public static class BillStatus
{
    /// <summary>Uploaded; the reading flow has not decided yet.</summary>
    public const string Received = "received";

    /// <summary>Read with too little confidence, an unknown supplier or an amount above the auto limit: a person decides.</summary>
    public const string Review = "review";

    /// <summary>Validated (by itself or by its approvers): it will be paid.</summary>
    public const string Validated = "validated";

    public const string Scheduled = "scheduled";
    public const string InPayment = "in_payment";
    public const string Paid = "paid";
    public const string Rejected = "rejected";

    /// <summary>The same bytes, or the same supplier, number and amount, as an earlier bill: never paid.</summary>
    public const string Duplicate = "duplicate";

    public static readonly IReadOnlyList<string> All = [Received, Review, Validated, Scheduled, InPayment, Paid, Rejected, Duplicate];
}

/// <summary>What an approver decided (<c>bill_approvals.decision</c>).</summary>
public static class BillDecision
{
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}

/// <summary>A supplier bill with what was read from it; amounts are in <see cref="Currency"/>.</summary>
public sealed record Bill
{
    public required Guid Id { get; init; }
    public required string CompanyCode { get; init; }
    public required Guid DocumentId { get; init; }
    public Guid? SupplierId { get; init; }
    public string? SupplierName { get; init; }
    public required string Status { get; init; }
    public string? Number { get; init; }
    public DateOnly? InvoiceDate { get; init; }
    public DateOnly? DueDate { get; init; }
    public string? Currency { get; init; }
    public decimal? NetAmount { get; init; }
    public decimal? VatAmount { get; init; }
    public decimal? GrossAmount { get; init; }
    public decimal? VatRate { get; init; }
    public string? Iban { get; init; }
    public string? ReferenceType { get; init; }
    public string? Reference { get; init; }
    public decimal? Confidence { get; init; }
    public required bool AutoValidated { get; init; }
    public Guid? DuplicateOf { get; init; }
    public required string UploadedBy { get; init; }
    public string? ReviewReason { get; init; }
    public DateOnly? ScheduledFor { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ValidatedAt { get; init; }
    public string? ValidatedBy { get; init; }
    public string? RejectedBy { get; init; }
    public string? RejectedReason { get; init; }
    public IReadOnlyList<BillField> Fields { get; init; } = [];
    public IReadOnlyList<BillCorrection> Corrections { get; init; } = [];
    public IReadOnlyList<BillApproval> Approvals { get; init; } = [];
}

/// <summary>A field as read (or corrected: <see cref="Source"/> <c>manual</c>, confidence 1).</summary>
public sealed record BillField(string Name, string Value, decimal Confidence, string Source, int? Page);

public sealed record BillCorrection(string Field, string? OldValue, string NewValue, string CorrectedBy, DateTimeOffset CorrectedAt);

public sealed record BillApproval(string Approver, string Decision, string? Comment, DateTimeOffset DecidedAt);

/// <summary>A company's rules for its bills (<c>payable_settings</c>).</summary>
public sealed record PayableSettings(
    decimal AutoValidateConfidence, decimal AutoValidateLimit, decimal FourEyesLimit, int ReviewReminderDays, int EscalationDays, int PaymentLeadDays)
{
    /// <summary>How many distinct approvers a bill of <paramref name="gross"/> needs.</summary>
    public int ApproversNeeded(decimal? gross) => gross is { } g && g >= FourEyesLimit ? 2 : 1;

    /// <summary>
    /// Whether a read bill validates itself (the original's rule: confidence above 90 %), and if not, why a person must look.
    /// </summary>
    public (bool Auto, string? Reason) Decide(decimal confidence, bool supplierKnown, decimal? gross, bool hasAllKeyFields)
    {
        if (!hasAllKeyFields) return (false, "Amount, currency, IBAN or due date could not be read.");
        if (confidence <= AutoValidateConfidence) return (false, $"Read with confidence {confidence:P0}, not above {AutoValidateConfidence:P0}.");
        if (!supplierKnown) return (false, "The supplier is not known yet: confirm it once.");
        if (gross > AutoValidateLimit) return (false, $"The amount is above the company's auto-validation limit of {AutoValidateLimit:0.00}.");
        return (true, null);
    }
}
