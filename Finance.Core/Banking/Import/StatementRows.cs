using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Finance.Core.Banking.Statements;

namespace Finance.Core.Banking.Import;

/// <summary>
/// A parsed statement's booked entries as transaction rows. A batch entry (camt Btch, several TxDtls) gives one row per
/// payment in it, all with the entry's batch id, so each can pay its own invoice; details that do not add up to the entry,
/// or lack amounts, give one row for the entry instead (what the bank booked). Pending and information-only entries
/// move no money yet and are left out.
/// </summary>
public static class StatementRows
{
    public static IReadOnlyList<NewBankTransaction> From(BankingAccount account, ParsedStatementFile file, ParsedStatement statement)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(statement);
        var rows = new List<NewBankTransaction>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var source = file.Format.StartsWith("csv", StringComparison.Ordinal) ? file.Format : "camt";
        foreach (var entry in statement.Entries.Where(e => e.Status == EntryStatus.Booked))
        {
            var booking = entry.BookingDate ?? entry.ValueDate ?? (statement.ToDate is { } to ? DateOnly.FromDateTime(to.UtcDateTime) : (DateOnly?)null)
                ?? throw new StatementRejectedException(StatementRejection.MissingField, $"Entry {entry.Index} has no booking or value date.");
            var split = entry.Transactions.Count > 1 && !entry.TransactionsSumMismatch && entry.Transactions.All(t => t.Amount is not null);
            var batchId = entry.IsBatch || entry.Transactions.Count > 1
                ? entry.AccountServicerReference ?? entry.BatchPaymentInformationId ?? $"{statement.Id}#{entry.Index}"
                : null;
            IReadOnlyList<ParsedTransaction?> lines = split ? [.. entry.Transactions] : [entry.Transactions.Count == 1 ? entry.Transactions[0] : null];
            foreach (var line in lines)
            {
                var row = Row(account, source, entry, line, booking, split ? line!.Amount! : new StatementMoney(entry.Amount, entry.Currency),
                    batchId, batchId is null ? null : entry.Transactions.Count, split, entry.Transactions);
                rows.Add(row with { DedupKey = DedupKey(row, entry, line, split, seen) });
            }
        }
        return rows;
    }

    private static NewBankTransaction Row(BankingAccount account, string source, ParsedEntry entry, ParsedTransaction? line, DateOnly booking,
        StatementMoney amount, string? batchId, int? batchSize, bool split, IReadOnlyList<ParsedTransaction> all)
    {
        var reference = line?.Reference ?? (split ? null : all.Select(t => t.Reference).FirstOrDefault(r => r is not null));
        var text = string.Join('\n', new[] { line?.RemittanceText, Join(line?.AdditionalRemittance), split ? null : entry.AdditionalInfo,
            split ? null : Join([.. all.Where(t => t != line).Select(t => t.RemittanceText).OfType<string>()]) }.Where(t => !string.IsNullOrWhiteSpace(t)));
        return new NewBankTransaction
        {
            AccountId = account.Id,
            DedupKey = "",
            Source = source,
            BookingDate = booking,
            ValueDate = entry.ValueDate,
            Amount = amount.Amount,
            Currency = amount.Currency,
            CounterpartyName = line?.Counterparty?.Name ?? line?.UltimateCounterparty?.Name,
            CounterpartyIban = line?.Counterparty?.Iban,
            ReferenceType = reference?.Kind switch { ReferenceKind.Qrr => "QRR", ReferenceKind.Scor => "SCOR", null => null, _ => "OTHER" },
            Reference = reference?.Value,
            EndToEndId = line?.References.EndToEndId is { } e2e && e2e != "NOTPROVIDED" ? e2e : null,
            BankReference = line?.References.AccountServicerReference ?? entry.AccountServicerReference,
            Remittance = text.Length == 0 ? null : text,
            Charges = line?.Charges?.Amount ?? (split ? null : entry.Charges?.Amount),
            InstructedAmount = line?.InstructedAmount?.Amount,
            InstructedCurrency = line?.InstructedAmount?.Currency,
            ExchangeRate = line?.ExchangeRate,
            BatchId = batchId,
            BatchSize = batchSize,
            Reversal = entry.Reversal,
        };
    }

    private static string? Join(IReadOnlyList<string>? lines) => lines is { Count: > 0 } ? string.Join('\n', lines) : null;

    /// <summary>
    /// The bank's own reference for the payment when it gives one (the same in camt.053 and camt.054), else a digest of
    /// what the line says, numbered by its occurrence in the statement: two equal payments on one day stay two, and the
    /// same file imported again gives the same keys.
    /// </summary>
    private static string DedupKey(NewBankTransaction row, ParsedEntry entry, ParsedTransaction? line, bool split, Dictionary<string, int> seen)
    {
        var bankRef = line?.References.AccountServicerReference ?? (split ? null : entry.AccountServicerReference);
        var basis = bankRef is not null
            ? $"ref|{bankRef}|{(entry.Reversal ? "R" : "")}"
            : string.Join('|', "h", row.BookingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row.Amount.ToString("0.00##", CultureInfo.InvariantCulture),
                row.Currency, row.CounterpartyIban, row.Reference, row.EndToEndId, row.Remittance, entry.Reversal);
        var n = seen[basis] = seen.GetValueOrDefault(basis) + 1;
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(basis)))[..32];
        return n == 1 ? digest : $"{digest}:{n}";
    }
}
