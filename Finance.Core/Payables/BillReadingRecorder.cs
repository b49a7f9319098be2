using System.Globalization;
using Dapper;
using Finance.Core.Errors;
using Finance.Core.Events;
using Finance.Core.Invoicing.QrBill;
using Finance.Core.Reading;
using Npgsql;

namespace Finance.Core.Payables;

/// <summary>What reading a bill decided: the bill as now stored, and whether it validates itself.</summary>
public sealed record ReadOutcome(Bill Bill, bool AutoValidated);

/// <summary>
/// Stores what the reader found, in the caller's transaction: every field with its confidence and source, the bill's
/// columns from them, the supplier recognised by IBAN or UID, the duplicate check (same supplier, number and amount as a
/// bill already taken), and the company's decision: validated by itself, or a review with the reason. Announces
/// <c>ocr.processed {extraction_id, auto_validated}</c>.
/// </summary>
public sealed class BillReadingRecorder(OutboxWriter outbox, TimeProvider clock)
{
    private const string ReplaceFields = """
        DELETE FROM bill_fields WHERE bill_id = @billId AND source <> 'manual';
        """;

    // A field corrected by hand before the reading finished keeps the person's value.
    private const string InsertField = """
        INSERT INTO bill_fields (bill_id, name, value, confidence, source, page) VALUES (@billId, @name, @value, @confidence, @source, @page)
        ON CONFLICT (bill_id, name) DO NOTHING
        """;

    private const string FindDuplicate = """
        SELECT id FROM bills
        WHERE company_id = (SELECT company_id FROM bills WHERE id = @billId) AND id <> @billId AND supplier_id = @supplierId
          AND number = @number AND gross_amount = @gross AND status NOT IN ('duplicate', 'rejected')
        ORDER BY created_at LIMIT 1
        """;

    private const string Update = """
        UPDATE bills SET supplier_id = @supplierId, number = @number, invoice_date = @invoiceDate, due_date = @dueDate, currency = @currency,
            net_amount = @net, vat_amount = @vat, gross_amount = @gross, vat_rate = @vatRate, iban = @iban, reference_type = @referenceType,
            reference = @reference, confidence = @confidence, status = @status, duplicate_of = @duplicateOf, review_reason = @reason, updated_at = @now
        WHERE id = @billId
        """;

    public async Task<ReadOutcome> RecordAsync(NpgsqlTransaction transaction, Guid billId, BillReading reading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(reading);
        var connection = transaction.Connection!;
        await connection.ExecuteAsync(new CommandDefinition("SELECT id FROM bills WHERE id = @billId FOR UPDATE", new { billId }, transaction,
            cancellationToken: cancellationToken));
        var bill = await BillStore.LoadAsync(connection, transaction, billId, cancellationToken) ?? throw new NotFoundException($"No bill '{billId}'.", "bill.not_found");
        if (bill.Status != BillStatus.Received)
        {
            return new ReadOutcome(bill, false); // read already (a retried step), or decided by a person meanwhile
        }

        await connection.ExecuteAsync(new CommandDefinition(ReplaceFields, new { billId }, transaction, cancellationToken: cancellationToken));
        foreach (var field in reading.Fields)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertField, new
            {
                billId, field.Name, field.Value, confidence = Math.Clamp(Math.Round(field.Confidence, 4), 0m, 1m), source = Source(field.Source), field.Page,
            }, transaction, cancellationToken: cancellationToken));
        }

        var fields = (await BillStore.LoadAsync(connection, transaction, billId, cancellationToken))!.Fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal);
        var iban = Iban.TryParse(fields.GetValueOrDefault(BillFields.Iban), out var parsed) ? parsed.Value : null;
        var uid = SwissUid.TryNormalize(fields.GetValueOrDefault(BillFields.SupplierUid), out var u) ? u : null;
        var supplierId = await SupplierStore.RecogniseAsync(connection, transaction, bill.CompanyCode, iban, uid, cancellationToken);
        var number = Trimmed(fields.GetValueOrDefault(BillFields.InvoiceNumber), 64);
        var gross = Amount(fields.GetValueOrDefault(BillFields.GrossAmount));
        Guid? duplicateOf = supplierId is not null && number is not null && gross is not null
            ? await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(FindDuplicate, new { billId, supplierId, number, gross }, transaction,
                cancellationToken: cancellationToken))
            : null;
        var currency = fields.GetValueOrDefault(BillFields.Currency) is "CHF" or "EUR" ? fields[BillFields.Currency] : null;
        var dueDate = Date(fields.GetValueOrDefault(BillFields.DueDate));
        var invoiceDate = Date(fields.GetValueOrDefault(BillFields.InvoiceDate));
        if (dueDate is null && invoiceDate is { } issued && int.TryParse(fields.GetValueOrDefault(BillFields.PaymentTermsDays), CultureInfo.InvariantCulture, out var days)
            && days is >= 0 and <= 365)
        {
            dueDate = issued.AddDays(days);
        }
        // The decision rests on what the payment is made of: amount, currency, account and reference. The due date only moves
        // the payment day (it must be there, it is not weighed); names, numbers and VAT split are checked by the reviewer's eye
        // on the bills that go to review, and by the supplier's known IBAN on the ones that do not.
        var paymentFields = new[] { BillFields.GrossAmount, BillFields.Currency, BillFields.Iban, BillFields.Reference }
            .Select(name => reading[name]).Where(f => f is not null).Select(f => f!.Confidence).ToList();
        var confidence = Math.Clamp(Math.Round(paymentFields.Count > 0 ? paymentFields.Min() : reading.Confidence, 4), 0m, 1m);
        var settings = await BillStore.SettingsAsync(connection, transaction, bill.CompanyCode, cancellationToken);
        var (auto, reason) = settings.Decide(confidence, supplierId is not null, gross, gross is not null && currency is not null && iban is not null && dueDate is not null);
        var status = duplicateOf is not null ? BillStatus.Duplicate : auto ? BillStatus.Received : BillStatus.Review;
        var referenceType = fields.GetValueOrDefault(BillFields.ReferenceType) is "QRR" or "SCOR" or "NON" ? fields[BillFields.ReferenceType] : null;
        await connection.ExecuteAsync(new CommandDefinition(Update, new
        {
            billId, supplierId, number, invoiceDate, dueDate, currency,
            net = Amount(fields.GetValueOrDefault(BillFields.NetAmount)), vat = Amount(fields.GetValueOrDefault(BillFields.VatAmount)), gross,
            vatRate = Amount(fields.GetValueOrDefault(BillFields.VatRate)), iban, referenceType,
            reference = Trimmed(fields.GetValueOrDefault(BillFields.Reference), 35), confidence, status, duplicateOf,
            reason = duplicateOf is not null ? "Same supplier, number and amount as an earlier bill." : reason, now = clock.GetUtcNow(),
        }, transaction, cancellationToken: cancellationToken));

        var after = (await BillStore.LoadAsync(connection, transaction, billId, cancellationToken))!;
        await outbox.AppendAsync(transaction, BillEvents.OcrProcessed, bill.CompanyCode, new
        {
            extraction_id = billId,
            auto_validated = auto && duplicateOf is null,
            confidence,
            reading_confidence = reading.Confidence,
            status,
            notes = reading.Notes,
        }, cancellationToken);
        if (status == BillStatus.Review)
        {
            await outbox.AppendAsync(transaction, BillEvents.ReviewRequired, after, new { reason }, cancellationToken);
        }
        else if (status == BillStatus.Duplicate)
        {
            await outbox.AppendAsync(transaction, BillEvents.Duplicate, after, new { duplicateOf }, cancellationToken);
        }
        return new ReadOutcome(after, auto && duplicateOf is null);
    }

    private static string Source(ReadSource source) => source switch
    {
        ReadSource.QrBill => "qr_bill",
        ReadSource.FacturX => "factur_x",
        ReadSource.TextLayer => "text_layer",
        ReadSource.Ocr => "ocr",
        ReadSource.Azure => "azure",
        _ => source.ToString(),
    };

    private static string? Trimmed(string? value, int max) => string.IsNullOrWhiteSpace(value) ? null : value.Trim() is var t && t.Length > max ? t[..max] : value.Trim();

    private static decimal? Amount(string? value) =>
        decimal.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var amount) && amount >= 0
            ? Math.Round(amount, 2) : null;

    private static DateOnly? Date(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}
