using Finance.Core.Payables;

namespace Finance.Api.Payables;

public sealed record BillResponse(
    Guid Id, string Company, Guid DocumentId, Guid? SupplierId, string? SupplierName, string Status, string? Number, DateOnly? InvoiceDate,
    DateOnly? DueDate, string? Currency, decimal? NetAmount, decimal? VatAmount, decimal? GrossAmount, decimal? VatRate, string? Iban,
    string? ReferenceType, string? Reference, decimal? Confidence, bool AutoValidated, Guid? DuplicateOf, string UploadedBy, string? ReviewReason,
    DateOnly? ScheduledFor, DateTimeOffset CreatedAt, DateTimeOffset? ValidatedAt, string? ValidatedBy, string? RejectedBy, string? RejectedReason)
{
    public static BillResponse From(Bill b) => new(
        b.Id, b.CompanyCode, b.DocumentId, b.SupplierId, b.SupplierName, b.Status, b.Number, b.InvoiceDate, b.DueDate, b.Currency, b.NetAmount,
        b.VatAmount, b.GrossAmount, b.VatRate, b.Iban, b.ReferenceType, b.Reference, b.Confidence, b.AutoValidated, b.DuplicateOf, b.UploadedBy,
        b.ReviewReason, b.ScheduledFor, b.CreatedAt, b.ValidatedAt, b.ValidatedBy, b.RejectedBy, b.RejectedReason);
}

/// <summary>A bill with every field read (value, confidence 0–1, source, page), its corrections and its approvals.</summary>
public sealed record BillDetailsResponse(BillResponse Bill, BillField[] Fields, BillCorrection[] Corrections, BillApproval[] Approvals, int ApproversNeeded)
{
    public static BillDetailsResponse From(Bill b, PayableSettings settings) =>
        new(BillResponse.From(b), [.. b.Fields], [.. b.Corrections], [.. b.Approvals], settings.ApproversNeeded(b.GrossAmount));
}

public sealed record ApproveBillRequest(string? Comment);

public sealed record RejectBillRequest(string Reason);

/// <summary>Sets <c>Field</c> (e.g. <c>amount.gross</c>, <c>invoice.due_date</c>, <c>payment.iban</c>) to <c>Value</c>.</summary>
public sealed record CorrectBillRequest(string Field, string Value);

public sealed record ApprovalResponse(BillResponse Bill, int StillNeeded);

public sealed record SupplierRequest(
    string Company, string Name, string? Street, string? BuildingNumber, string? PostalCode, string? Town, string? Country, string? Uid,
    string? VatNumber, decimal? DefaultVatRate, int? PaymentTermsDays, string[]? Ibans)
{
    public SupplierInput ToInput() => new(Name, Street, BuildingNumber, PostalCode, Town, Country ?? "CH", Uid, VatNumber, DefaultVatRate,
        PaymentTermsDays ?? 30, Ibans);
}
