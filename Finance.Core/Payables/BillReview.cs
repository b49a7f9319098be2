using System.Globalization;
using Dapper;
using Finance.Core.Errors;
using Finance.Core.Events;
using Finance.Core.Invoicing;
using Finance.Core.Invoicing.QrBill;
using Npgsql;

namespace Finance.Core.Payables;

/// <summary>What an approval did: the bill as now stored and how many more approvers it needs (0 once validated).</summary>
public sealed record ApprovalOutcome(Bill Bill, int StillNeeded);

/// <summary>
/// The human side of a bill, each change in the caller's transaction with its outbox event: approve (four eyes above the
/// company's limit, never the uploader's own bill, one decision per person), reject, correct a field (kept with who and
/// when), and validation, which schedules the payment for the due date minus the company's lead days.
/// </summary>
public sealed class BillReview(OutboxWriter outbox, SupplierStore suppliers, TimeProvider clock)
{
    /// <summary>The fields a person may correct, and the column each one sets.</summary>
    public static readonly IReadOnlyDictionary<string, string> Correctable = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["invoice.number"] = "number",
        ["invoice.date"] = "invoice_date",
        ["invoice.due_date"] = "due_date",
        ["amount.currency"] = "currency",
        ["amount.net"] = "net_amount",
        ["amount.vat"] = "vat_amount",
        ["amount.gross"] = "gross_amount",
        ["amount.vat_rate"] = "vat_rate",
        ["payment.iban"] = "iban",
        ["payment.reference"] = "reference",
    };

    public async Task<ApprovalOutcome> ApproveAsync(NpgsqlTransaction transaction, Guid billId, string approver, string? comment,
        CancellationToken cancellationToken)
    {
        var bill = await LockAsync(transaction, billId, cancellationToken);
        RequireReview(bill, "approved");
        if (string.Equals(bill.UploadedBy, approver, StringComparison.Ordinal))
        {
            throw new ForbiddenException("The person who uploaded a bill does not approve it.", "bill.own_upload");
        }
        if (bill.Approvals.Any(a => a.Approver == approver))
        {
            throw new ConflictException($"{approver} has already decided on this bill; a second approval must come from someone else.", "bill.already_decided");
        }
        MissingForPayment(bill);

        var now = clock.GetUtcNow();
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            "INSERT INTO bill_approvals (bill_id, approver, decision, comment, decided_at) VALUES (@billId, @approver, 'approved', @comment, @now)",
            new { billId, approver, comment, now }, transaction, cancellationToken: cancellationToken));
        var settings = await BillStore.SettingsAsync(transaction.Connection!, transaction, bill.CompanyCode, cancellationToken);
        var approvals = bill.Approvals.Count(a => a.Decision == BillDecision.Approved) + 1;
        var stillNeeded = Math.Max(0, settings.ApproversNeeded(bill.GrossAmount) - approvals);
        var after = await ReloadAsync(transaction, billId, cancellationToken);
        await outbox.AppendAsync(transaction, BillEvents.Approved, after, new { approver, stillNeeded }, cancellationToken);
        if (stillNeeded == 0)
        {
            after = await ValidateAsync(transaction, after, settings, string.Join(", ", [.. bill.Approvals.Select(a => a.Approver), approver]), false, cancellationToken);
        }
        return new ApprovalOutcome(after, stillNeeded);
    }

    public async Task<Bill> RejectAsync(NpgsqlTransaction transaction, Guid billId, string by, string reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500) throw ValidationException.For("reason", "A reason of 1 to 500 characters is required.");
        var bill = await LockAsync(transaction, billId, cancellationToken);
        if (bill.Status is not (BillStatus.Received or BillStatus.Review or BillStatus.Validated))
        {
            throw new ConflictException($"A bill in status {bill.Status} cannot be rejected.", "bill.not_rejectable");
        }
        var now = clock.GetUtcNow();
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            INSERT INTO bill_approvals (bill_id, approver, decision, comment, decided_at) VALUES (@billId, @by, 'rejected', @reason, @now)
            ON CONFLICT (bill_id, approver) DO UPDATE SET decision = 'rejected', comment = excluded.comment, decided_at = excluded.decided_at;
            UPDATE bills SET status = 'rejected', rejected_at = @now, rejected_by = @by, rejected_reason = @reason, scheduled_for = NULL, updated_at = @now
            WHERE id = @billId;
            """, new { billId, by, reason, now }, transaction, cancellationToken: cancellationToken));
        var after = await ReloadAsync(transaction, billId, cancellationToken);
        await outbox.AppendAsync(transaction, BillEvents.Rejected, after, new { by, reason }, cancellationToken);
        return after;
    }

    /// <summary>Sets one field by hand (confidence 1, source <c>manual</c>) and keeps the old value, who and when.</summary>
    public async Task<Bill> CorrectAsync(NpgsqlTransaction transaction, Guid billId, string field, string value, string by, CancellationToken cancellationToken)
    {
        if (!Correctable.TryGetValue(field, out var column))
        {
            throw ValidationException.For("field", $"One of: {string.Join(", ", Correctable.Keys)}.");
        }
        var (normalized, typed) = Parse(field, value);
        var bill = await LockAsync(transaction, billId, cancellationToken);
        if (bill.Status is not (BillStatus.Received or BillStatus.Review))
        {
            throw new ConflictException($"A bill in status {bill.Status} is no longer corrected; reject it and upload it again.", "bill.not_correctable");
        }
        var now = clock.GetUtcNow();
        var old = bill.Fields.FirstOrDefault(f => f.Name == field)?.Value;
        // The column name comes from the fixed Correctable map, never from the request.
        await transaction.Connection!.ExecuteAsync(new CommandDefinition($"""
            UPDATE bills SET {column} = @typed, updated_at = @now WHERE id = @billId;
            INSERT INTO bill_fields (bill_id, name, value, confidence, source, page) VALUES (@billId, @field, @normalized, 1, 'manual', NULL)
            ON CONFLICT (bill_id, name) DO UPDATE SET value = excluded.value, confidence = 1, source = 'manual', page = NULL;
            INSERT INTO bill_corrections (bill_id, field, old_value, new_value, corrected_by, corrected_at) VALUES (@billId, @field, @old, @normalized, @by, @now);
            """, new { billId, field, normalized, typed, old, by, now }, transaction, cancellationToken: cancellationToken));
        var after = await ReloadAsync(transaction, billId, cancellationToken);
        await outbox.AppendAsync(transaction, BillEvents.Corrected, after, new { field, old, value = normalized, by }, cancellationToken);
        return after;
    }

    /// <summary>Validates a bill that validated itself (the reading flow decided so).</summary>
    public async Task<Bill> ValidateAutomaticallyAsync(NpgsqlTransaction transaction, Guid billId, CancellationToken cancellationToken)
    {
        var bill = await LockAsync(transaction, billId, cancellationToken);
        if (bill.Status == BillStatus.Validated) return bill;
        if (bill.Status is not (BillStatus.Received or BillStatus.Review))
        {
            throw new ConflictException($"A bill in status {bill.Status} cannot be validated.", "bill.not_validatable");
        }
        MissingForPayment(bill);
        var settings = await BillStore.SettingsAsync(transaction.Connection!, transaction, bill.CompanyCode, cancellationToken);
        return await ValidateAsync(transaction, bill, settings, "system", true, cancellationToken);
    }

    /// <summary>The payment date of a validated bill: its due date minus the lead days, never before today (Europe/Zurich).</summary>
    public static DateOnly ScheduleFor(DateOnly? dueDate, int leadDays, DateOnly today) =>
        dueDate is { } due && due.AddDays(-leadDays) > today ? due.AddDays(-leadDays) : today;

    private async Task<Bill> ValidateAsync(NpgsqlTransaction transaction, Bill bill, PayableSettings settings, string by, bool automatic,
        CancellationToken cancellationToken)
    {
        if (!automatic && bill.SupplierId is null)
        {
            bill = await ConfirmSupplierAsync(transaction, bill, by, cancellationToken);
        }
        var now = clock.GetUtcNow();
        var scheduledFor = ScheduleFor(bill.DueDate, settings.PaymentLeadDays, SwissCalendar.Today(clock));
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            UPDATE bills SET status = 'validated', auto_validated = @automatic, validated_at = @now, validated_by = @by,
                             scheduled_for = @scheduledFor, review_reason = CASE WHEN @automatic THEN NULL ELSE review_reason END, updated_at = @now
            WHERE id = @id
            """, new { id = bill.Id, automatic, now, by, scheduledFor }, transaction,
            cancellationToken: cancellationToken));
        var after = await ReloadAsync(transaction, bill.Id, cancellationToken);
        await outbox.AppendAsync(transaction, BillEvents.Validated, after, new { by, automatic, scheduledFor }, cancellationToken);
        return after;
    }

    /// <summary>
    /// A person confirmed a bill from a supplier the company did not know: the supplier it describes is created (or, when
    /// its IBAN or UID meanwhile names one, linked), so the next bill from it is recognised.
    /// </summary>
    private async Task<Bill> ConfirmSupplierAsync(NpgsqlTransaction transaction, Bill bill, string by, CancellationToken cancellationToken)
    {
        if (SupplierFromBill.Input(bill) is not { } input) return bill;
        var connection = transaction.Connection!;
        var supplierId = await SupplierStore.RecogniseAsync(connection, transaction, bill.CompanyCode, bill.Iban, input.Uid, cancellationToken);
        var created = supplierId is null;
        supplierId ??= await suppliers.CreateAsync(transaction, bill.CompanyCode, input, cancellationToken);
        if (!created && bill.Iban is { } iban) await SupplierStore.AddIbanAsync(transaction, supplierId.Value, iban, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE bills SET supplier_id = @supplierId WHERE id = @id",
            new { supplierId, id = bill.Id }, transaction, cancellationToken: cancellationToken));
        var after = await ReloadAsync(transaction, bill.Id, cancellationToken);
        if (created)
        {
            await outbox.AppendAsync(transaction, BillEvents.SupplierCreated, after, new { supplierId, input.Name, confirmedBy = by }, cancellationToken);
        }
        return after;
    }

    private static void RequireReview(Bill bill, string action)
    {
        if (bill.Status != BillStatus.Review)
        {
            throw new ConflictException($"Only a bill waiting for review is {action}; this one is {bill.Status}.", "bill.not_in_review");
        }
    }

    /// <summary>A bill is paid from its amount, currency, IBAN and due date: without them it cannot be validated.</summary>
    private static void MissingForPayment(Bill bill)
    {
        var errors = new FieldErrors();
        if (bill.GrossAmount is null) errors.Add("amount.gross", "The amount is missing: correct it first.");
        if (bill.Currency is null) errors.Add("amount.currency", "The currency is missing: correct it first.");
        if (bill.Iban is null) errors.Add("payment.iban", "The IBAN is missing: correct it first.");
        if (bill.DueDate is null) errors.Add("invoice.due_date", "The due date is missing: correct it first.");
        errors.ThrowIfAny();
    }

    private static (string Normalized, object? Typed) Parse(string field, string value)
    {
        value = value?.Trim() ?? "";
        switch (field)
        {
            case "invoice.date" or "invoice.due_date":
                if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    throw ValidationException.For("value", "A date as yyyy-MM-dd.");
                return (value, date);
            case "amount.currency":
                if (value is not ("CHF" or "EUR")) throw ValidationException.For("value", "CHF or EUR.");
                return (value, value);
            case "amount.net" or "amount.vat" or "amount.gross":
                if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) || amount < 0 || decimal.Round(amount, 2) != amount)
                    throw ValidationException.For("value", "An amount of 0 or more with at most two decimals, e.g. 1234.50.");
                return (amount.ToString("0.00", CultureInfo.InvariantCulture), amount);
            case "amount.vat_rate":
                if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || !VatRates.IsAllowed(rate))
                    throw ValidationException.For("value", "A Swiss VAT rate: 8.1, 2.6, 3.8 or 0.");
                return (rate.ToString(CultureInfo.InvariantCulture), rate);
            case "payment.iban":
                if (!Iban.TryParse(value, out var iban)) throw ValidationException.For("value", "Not a valid IBAN.");
                return (iban.Value, iban.Value);
            case "payment.reference":
                var compact = value.Replace(" ", "", StringComparison.Ordinal);
                if (!(QrReference.IsValid(compact) || CreditorReference.IsValid(compact)))
                    throw ValidationException.For("value", "A QR reference (27 digits) or a creditor reference (RF…) with a valid check digit.");
                return (compact, compact);
            default:
                if (value.Length is 0 or > 64) throw ValidationException.For("value", "1 to 64 characters.");
                return (value, value);
        }
    }

    private static async Task<Bill> LockAsync(NpgsqlTransaction transaction, Guid billId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var locked = await transaction.Connection!.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM bills WHERE id = @billId FOR UPDATE", new { billId }, transaction, cancellationToken: cancellationToken));
        if (locked is null) throw new NotFoundException($"No bill '{billId}'.", "bill.not_found");
        return (await BillStore.LoadAsync(transaction.Connection!, transaction, billId, cancellationToken))!;
    }

    private static async Task<Bill> ReloadAsync(NpgsqlTransaction transaction, Guid billId, CancellationToken cancellationToken) =>
        (await BillStore.LoadAsync(transaction.Connection!, transaction, billId, cancellationToken))!;
}
