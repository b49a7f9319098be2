using Dapper;
using Finance.Core.Banking;
using Finance.Core.Errors;
using Finance.Core.Events;
using Finance.Core.Invoicing;
using Finance.Core.Reconciliation.Engine;
using Npgsql;

namespace Finance.Core.Reconciliation;

/// <summary>What a confirmed match books: the items it pays, how much to each, a small difference written off, a bank fee.</summary>
public sealed record MatchBookingRequest(Guid TransactionId, IReadOnlyList<Allocation> Allocations, decimal WriteOff, decimal Fee, string Kind,
    double Score, IReadOnlyList<string> Reasons, bool Automatic, string By);

/// <summary>
/// Books one bank transaction's match in one transaction: per invoice a payment (and its <c>invoice.mark-paid</c> start,
/// <see cref="IPaymentFollowUp"/>), a write-off under the threshold, per supplier bill its payment confirmed (paid); the
/// match rows; the transaction marked matched. Undo reverses all of it and keeps the rows as the audit trail.
/// </summary>
public sealed class ReconciliationBooking(InvoiceSettlement settlement, IPaymentFollowUp followUp, OutboxWriter outbox, TimeProvider clock)
{
    public const string MatchedEvent = "reconciliation.matched";
    public const string UndoneEvent = "reconciliation.undone";

    private const string InsertMatch = """
        INSERT INTO reconciliation_matches (id, company_id, transaction_id, target, invoice_id, bill_id, payment_id, amount, currency, write_off, fee,
            kind, score, reasons, automatic, confirmed_by, confirmed_at)
        SELECT @id, t.company_id, t.id, @target, @invoiceId, @billId, @paymentId, @amount, t.currency, @writeOff, @fee, @kind, @score, @reasons,
            @automatic, @by, @now
        FROM bank_transactions t WHERE t.id = @transactionId
        """;

    public async Task<BankTransaction> BookAsync(NpgsqlTransaction transaction, MatchBookingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(request);
        var connection = transaction.Connection!;
        var line = await LockOpenAsync(transaction, request.TransactionId, cancellationToken);
        if (request.Allocations.Count == 0) throw ValidationException.For("allocations", "A match pays at least one invoice or bill.");
        var now = clock.GetUtcNow();
        var last = request.Allocations[^1];
        foreach (var allocation in request.Allocations)
        {
            var writeOff = allocation == last ? request.WriteOff : 0m;
            var target = await TargetOfAsync(connection, transaction, allocation.ItemId, line.Company, cancellationToken);
            Guid? paymentId = null;
            if (target == "invoice")
            {
                var paid = allocation.Amount - writeOff;
                var (invoice, payment) = await settlement.RecordPaymentAsync(transaction, allocation.ItemId,
                    new PaymentInput(line.BookingDate, paid, line.Currency, line.Reference ?? line.BankReference), cancellationToken,
                    $"bank:{line.Id}:{allocation.ItemId}", line.Id);
                if (writeOff > 0) invoice = await settlement.WriteOffAsync(transaction, allocation.ItemId, writeOff, $"bank transaction {line.Id}", cancellationToken);
                await followUp.AfterPaymentAsync(transaction, invoice, payment, line.Id, cancellationToken);
                paymentId = payment.Id;
            }
            else
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE bills SET status = 'paid', updated_at = @now WHERE id = @billId AND status = 'in_payment'",
                    new { billId = allocation.ItemId, now }, transaction, cancellationToken: cancellationToken));
                await outbox.AppendAsync(transaction, "bill.paid", line.Company, new { billId = allocation.ItemId, transactionId = line.Id }, cancellationToken);
            }
            await connection.ExecuteAsync(new CommandDefinition(InsertMatch, new
            {
                id = Guid.CreateVersion7(now), target, invoiceId = target == "invoice" ? allocation.ItemId : (Guid?)null,
                billId = target == "bill" ? allocation.ItemId : (Guid?)null, paymentId, amount = allocation.Amount, writeOff,
                fee = allocation == last ? request.Fee : 0m, kind = request.Kind, score = (decimal)Math.Round(request.Score, 4),
                reasons = string.Join("; ", request.Reasons), automatic = request.Automatic, by = request.By, now, transactionId = line.Id,
            }, transaction, cancellationToken: cancellationToken));
        }
        await SetStatusAsync(transaction, line.Id, BankTransactionStatus.Matched, cancellationToken);
        await outbox.AppendAsync(transaction, MatchedEvent, line.Company, new
        {
            transactionId = line.Id, allocations = request.Allocations, request.WriteOff, request.Fee, request.Kind, request.Automatic, request.By,
        }, cancellationToken);
        return line with { Status = BankTransactionStatus.Matched };
    }

    /// <summary>A rule's or a person's verdict without an item: the line is a bank fee, or not for matching at all.</summary>
    public async Task SetAsideAsync(NpgsqlTransaction transaction, Guid transactionId, string target, string reason, bool automatic, string by,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var line = await LockOpenAsync(transaction, transactionId, cancellationToken);
        var now = clock.GetUtcNow();
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(InsertMatch, new
        {
            id = Guid.CreateVersion7(now), target, invoiceId = (Guid?)null, billId = (Guid?)null, paymentId = (Guid?)null, amount = line.Amount,
            writeOff = 0m, fee = target == "fee" ? -line.Amount : 0m, kind = "Rule", score = 1m, reasons = reason, automatic, by, now, transactionId,
        }, transaction, cancellationToken: cancellationToken));
        await SetStatusAsync(transaction, transactionId, target == "fee" ? BankTransactionStatus.Matched : BankTransactionStatus.Ignored, cancellationToken);
        await outbox.AppendAsync(transaction, MatchedEvent, line.Company, new { transactionId, target, reason, automatic, by }, cancellationToken);
    }

    /// <summary>Undoes a transaction's confirmed matches: payments reversed, bills back in payment, the line open again; the rows stay, marked undone.</summary>
    public async Task UndoAsync(NpgsqlTransaction transaction, Guid transactionId, string by, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 500) throw ValidationException.For("reason", "A reason of 1 to 500 characters is required.");
        var connection = transaction.Connection!;
        var line = await BankTransactionStore.FindAsync(connection, transaction, transactionId, cancellationToken)
            ?? throw new NotFoundException("No such bank transaction.", "bank_transaction.not_found");
        await connection.ExecuteAsync(new CommandDefinition("SELECT 1 FROM bank_transactions WHERE id = @transactionId FOR UPDATE",
            new { transactionId }, transaction, cancellationToken: cancellationToken));
        var matches = (await connection.QueryAsync<(Guid Id, string Target, Guid? BillId, Guid? PaymentId, decimal WriteOff)>(new CommandDefinition(
            "SELECT id, target, bill_id, payment_id, write_off FROM reconciliation_matches WHERE transaction_id = @transactionId AND status = 'confirmed'",
            new { transactionId }, transaction, cancellationToken: cancellationToken))).ToList();
        if (matches.Count == 0) throw new ConflictException("The transaction has no confirmed match to undo.", "reconciliation.nothing_to_undo");
        foreach (var match in matches)
        {
            if (match.PaymentId is { } paymentId) await settlement.ReversePaymentAsync(transaction, paymentId, match.WriteOff, by, reason, cancellationToken);
            if (match.BillId is { } billId)
            {
                await connection.ExecuteAsync(new CommandDefinition("UPDATE bills SET status = 'in_payment', updated_at = @now WHERE id = @billId AND status = 'paid'",
                    new { billId, now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
            }
        }
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE reconciliation_matches SET status = 'undone', undone_by = @by, undone_at = @now, undo_reason = @reason
            WHERE transaction_id = @transactionId AND status = 'confirmed'
            """, new { transactionId, by, reason, now = clock.GetUtcNow() }, transaction, cancellationToken: cancellationToken));
        await SetStatusAsync(transaction, transactionId, BankTransactionStatus.Unmatched, cancellationToken);
        await outbox.AppendAsync(transaction, UndoneEvent, line.Company, new { transactionId, by, reason, matches = matches.Count }, cancellationToken);
    }

    private static async Task<BankTransaction> LockOpenAsync(NpgsqlTransaction transaction, Guid transactionId, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        await connection.ExecuteAsync(new CommandDefinition("SELECT 1 FROM bank_transactions WHERE id = @transactionId FOR UPDATE",
            new { transactionId }, transaction, cancellationToken: cancellationToken));
        var line = await BankTransactionStore.FindAsync(connection, transaction, transactionId, cancellationToken)
            ?? throw new NotFoundException("No such bank transaction.", "bank_transaction.not_found");
        if (line.Status is not (BankTransactionStatus.Unmatched or BankTransactionStatus.Review))
        {
            throw new ConflictException($"The transaction is {line.Status} already; undo its match first.", "bank_transaction.not_open");
        }
        return line;
    }

    private static async Task<string> TargetOfAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid itemId, string company,
        CancellationToken cancellationToken)
    {
        var target = await connection.ExecuteScalarAsync<string?>(new CommandDefinition("""
            SELECT 'invoice' FROM invoices i JOIN companies c ON c.id = i.company_id WHERE i.id = @itemId AND c.code = @company
            UNION ALL
            SELECT 'bill' FROM bills b JOIN companies c ON c.id = b.company_id WHERE b.id = @itemId AND c.code = @company
            """, new { itemId, company }, transaction, cancellationToken: cancellationToken));
        return target ?? throw new NotFoundException($"No invoice or bill {itemId} of company {company}.", "reconciliation.item_not_found");
    }

    private static Task<int> SetStatusAsync(NpgsqlTransaction transaction, Guid transactionId, string status, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            UPDATE bank_transactions SET status = @status WHERE id = @transactionId;
            DELETE FROM reconciliation_suggestions WHERE transaction_id = @transactionId AND @status <> 'review';
            """, new { transactionId, status }, transaction, cancellationToken: cancellationToken));
}
