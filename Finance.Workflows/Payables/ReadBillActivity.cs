using System.Text.Json.Nodes;
using Finance.Core.Errors;
using Finance.Core.Payables;
using Finance.Core.Reading;
using Finance.Workflows.Activities;
using Npgsql;

namespace Finance.Workflows.Payables;

/// <summary>
/// <c>payable.read</c>: reads the bill's document (QR-bill, Factur-X, text layer or OCR, cheapest sure source first) and
/// stores every field with its confidence, the supplier it recognises and the company's decision. Output: the bill, with
/// <c>autoValidated</c> (sure enough to validate by itself) and <c>confidence</c>. A duplicate upload is not read again.
/// </summary>
public sealed class ReadBillActivity(NpgsqlDataSource dataSource, BillStore bills, DocumentInspector inspector, IBillReader reader,
    BillReadingRecorder recorder) : PayableActivity
{
    public override string Name => "payable.read";

    public override string Queue => "ocr-processing";

    protected override string Description =>
        "Reads the uploaded bill (QR-bill, Factur-X, text layer, OCR), stores each field with its confidence and decides: validated by itself or review.";

    protected override JsonObject Output => BillOutput(("autoValidated", ActivitySchema.Boolean()), ("confidence", ActivitySchema.Number()));

    protected override async Task<JsonNode?> RunAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var billId = BillId(context);
        var bill = await bills.FindAsync(billId, cancellationToken) ?? throw new NotFoundException("No such bill.", "bill.not_found");
        if (bill.Status != BillStatus.Received)
        {
            var done = ToVariables(bill);
            done["autoValidated"] = false;
            done["confidence"] = bill.Confidence;
            return done;
        }

        var (content, _) = await bills.DocumentAsync(bill.DocumentId, cancellationToken) ?? throw new NotFoundException("The bill's document is gone.", "bill.document_missing");
        var reading = await reader.ReadAsync(content, inspector.Inspect(content), cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var outcome = await recorder.RecordAsync(transaction, billId, reading, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var variables = ToVariables(outcome.Bill);
        variables["autoValidated"] = outcome.AutoValidated;
        variables["confidence"] = outcome.Bill.Confidence;
        return variables;
    }
}
