using Finance.Core.Events;
using Npgsql;

namespace Finance.Core.Payables;

/// <summary>Outbox events of supplier bills, written in the transaction of the change they announce.</summary>
public static class BillEvents
{
    public const string Received = "bill.received";
    public const string OcrProcessed = "ocr.processed";
    public const string ReviewRequired = "bill.review_required";
    public const string Approved = "bill.approved";
    public const string Validated = "bill.validated";
    public const string Rejected = "bill.rejected";
    public const string Corrected = "bill.corrected";
    public const string Duplicate = "bill.duplicate";

    /// <summary>A confirmed bill from an unknown supplier made it known (the supplier was created from the bill's fields).</summary>
    public const string SupplierCreated = "supplier.created";

    public static Task AppendAsync(this OutboxWriter outbox, NpgsqlTransaction transaction, string type, Bill bill, object? details,
        CancellationToken cancellationToken) =>
        outbox.AppendAsync(transaction, type, bill.CompanyCode, new
        {
            billId = bill.Id,
            bill.Status,
            bill.SupplierId,
            bill.Number,
            bill.Currency,
            gross = bill.GrossAmount,
            bill.DueDate,
            details,
        }, cancellationToken);
}
