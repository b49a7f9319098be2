using System.Globalization;
using System.Xml.Linq;

namespace Finance.Core.Banking.Statements;

/// <summary>The header of one Rpt/Stmt/Ntfctn block: identity, account, period and balances.</summary>
internal static class CamtStatementReader
{
    public static ParsedStatement Read(XElement block, CamtVersion version, IReadOnlyList<ParsedEntry> entries)
    {
        var period = block.Child("FrToDt");
        var page = block.Text("StmtPgntn", "PgNb") ?? block.Text("RptPgntn", "PgNb") ?? block.Text("NtfctnPgntn", "PgNb");
        return new ParsedStatement(
            version.Kind,
            block.Required("Id"),
            block.Text("ElctrncSeqNb"),
            block.Text("LglSeqNb"),
            block.Child("CreDtTm").DateTimeOrNull(),
            Account(block.Child("Acct") ?? throw CamtXml.Missing(block, "Acct")),
            period.Child("FrDtTm").DateTimeOrNull() ?? StartOfDay(period.Child("FrDt")),
            period.Child("ToDtTm").DateTimeOrNull() ?? StartOfDay(period.Child("ToDt")),
            block.Children("Bal").Select(Balance).ToList(),
            entries,
            block.Text("AddtlStmtInf") ?? block.Text("AddtlRptInf") ?? block.Text("AddtlNtfctnInf"),
            page is null ? null : int.TryParse(page, CultureInfo.InvariantCulture, out var number) ? number : null);
    }

    private static DateTimeOffset? StartOfDay(XElement? date) =>
        date is null ? null : new DateTimeOffset(CamtXml.Date(date).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>CashAccount: IBAN, else Othr/Id (v2+) or PrtryAcct/Id (v1).</summary>
    private static StatementAccount Account(XElement account)
    {
        var id = account.Child("Id");
        var iban = id.Text("IBAN");
        var other = id.Text("Othr", "Id") ?? id.Text("PrtryAcct", "Id");
        if (iban is null && other is null) throw CamtXml.Missing(account, "Id/IBAN");
        var servicer = account.Path("Svcr", "FinInstnId");
        return new StatementAccount(
            iban,
            other,
            account.Text("Ccy"),
            account.Text("Nm"),
            account.Text("Ownr", "Nm"),
            Bic(servicer),
            servicer.Text("Nm") ?? servicer.Text("NmAndAdr", "Nm"));
    }

    /// <summary>BICFI (v4+), BIC (v2/v3), BICOrBEI (v1).</summary>
    public static string? Bic(XElement? financialInstitution) =>
        financialInstitution.Text("BICFI") ?? financialInstitution.Text("BIC") ?? financialInstitution.Text("BICOrBEI");

    private static ParsedBalance Balance(XElement balance)
    {
        var type = balance.Path("Tp", "CdOrPrtry");
        var code = type.Text("Cd") ?? type.Text("Prtry") ?? throw CamtXml.Missing(balance, "Tp/CdOrPrtry/Cd");
        var amount = balance.Child("Amt").Money() ?? throw CamtXml.Missing(balance, "Amt");
        return new ParsedBalance(code, CamtXml.Sign(balance) * amount.Amount, amount.Currency, balance.Child("Dt").DateChoice());
    }
}
