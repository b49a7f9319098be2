using System.Xml.Linq;

namespace Finance.Core.Banking.Statements;

/// <summary>One Ntry (ISO 20022 ReportEntry): amount, dates, status, codes, and its transaction details.</summary>
internal static class CamtEntryReader
{
    public static ParsedEntry Read(XElement entry, int index)
    {
        var amount = entry.Child("Amt").Money() ?? throw CamtXml.Missing(entry, "Amt");
        var sign = CamtXml.Sign(entry);
        var signed = new StatementMoney(sign * amount.Amount, amount.Currency);
        var statusCode = entry.Text("Sts", "Cd") ?? entry.Text("Sts", "Prtry") ?? entry.Text("Sts") ?? throw CamtXml.Missing(entry, "Sts");
        var details = entry.Children("NtryDtls").ToList();
        var batch = details.Select(d => d.Child("Btch")).FirstOrDefault(b => b is not null);
        var lines = details.SelectMany(d => d.Children("TxDtls")).ToList();
        var transactions = lines.Count == 0
            ? [Synthesise(entry, signed)]
            : lines.Select(line => CamtTransactionReader.Read(line, sign, lines.Count == 1 ? signed : null)).ToList();
        int? batchCount = batch.Text("NbOfTxs") is { } count && int.TryParse(count, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : batch is not null || lines.Count > 1 ? lines.Count : null;
        return new ParsedEntry(
            index,
            signed.Amount,
            signed.Currency,
            entry.Child("BookgDt").DateChoice(),
            entry.Child("ValDt").DateChoice(),
            Status(statusCode),
            statusCode,
            string.Equals(entry.Text("RvslInd"), "true", StringComparison.OrdinalIgnoreCase) || entry.Text("RvslInd") == "1",
            entry.Text("AcctSvcrRef"),
            entry.Text("NtryRef"),
            BankCode(entry.Child("BkTxCd")),
            Charges(entry.Children("Chrgs").ToList()),
            batchCount,
            batch.Text("PmtInfId"),
            entry.Text("AddtlNtryInf"),
            transactions,
            lines.Count > 0 && !SumsTo(transactions, signed));
    }

    /// <summary>ISO 20022 EntryStatus1Code / ExternalEntryStatus1Code.</summary>
    private static EntryStatus Status(string code) => code switch
    {
        "BOOK" => EntryStatus.Booked,
        "PDNG" => EntryStatus.Pending,
        "INFO" => EntryStatus.Information,
        _ => EntryStatus.Other,
    };

    /// <summary>True when every line has an amount in the entry's currency and together they make the entry.</summary>
    private static bool SumsTo(IReadOnlyList<ParsedTransaction> transactions, StatementMoney entry)
    {
        decimal sum = 0;
        foreach (var transaction in transactions)
        {
            if (transaction.Amount is not { } amount || amount.Currency != entry.Currency) return false;
            sum += amount.Amount;
        }
        return sum == entry.Amount;
    }

    /// <summary>The entry as its own single transaction, so consumers never special-case a bare Ntry.</summary>
    private static ParsedTransaction Synthesise(XElement entry, StatementMoney amount) => new(
        amount, null, null,
        TransactionReferences.None with { AccountServicerReference = entry.Text("AcctSvcrRef") },
        null, null, null, null, [], [], [], null, null,
        BankCode(entry.Child("BkTxCd")),
        entry.Text("AddtlNtryInf"),
        Synthesised: true);

    public static BankTransactionCode? BankCode(XElement? code)
    {
        if (code is null) return null;
        var domain = code.Child("Domn");
        var result = new BankTransactionCode(
            domain.Text("Cd"),
            domain.Text("Fmly", "Cd"),
            domain.Text("Fmly", "SubFmlyCd"),
            code.Text("Prtry", "Cd"),
            code.Text("Prtry", "Issr"));
        return result == Empty ? null : result;
    }

    private static readonly BankTransactionCode Empty = new(null, null, null, null, null);

    /// <summary>
    /// Charges as the bank totals them: TtlChrgsAndTaxAmt (v3+), else the sum of the records (Rcrd/Amt, or v2's
    /// repeated Chrgs/Amt). Unsigned, as sent: it is what the bank took, not a movement of its own.
    /// </summary>
    public static StatementMoney? Charges(IReadOnlyList<XElement> charges)
    {
        if (charges.Count == 0) return null;
        if (charges[0].Child("TtlChrgsAndTaxAmt").Money() is { } total) return total;
        var amounts = charges.SelectMany(c => c.Children("Rcrd").Select(r => r.Child("Amt")).Append(c.Child("Amt")))
            .Select(a => a.Money()).OfType<StatementMoney>().ToList();
        if (amounts.Count == 0) return null;
        var currency = amounts[0].Currency;
        return new StatementMoney(amounts.Where(a => a.Currency == currency).Sum(a => a.Amount), currency);
    }
}
