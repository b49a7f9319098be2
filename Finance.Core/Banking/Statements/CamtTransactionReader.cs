using System.Xml.Linq;

namespace Finance.Core.Banking.Statements;

/// <summary>One TxDtls (ISO 20022 EntryTransaction): amounts, references, parties, remittance, return.</summary>
internal static class CamtTransactionReader
{
    /// <param name="line">The TxDtls element.</param>
    /// <param name="entrySign">+1 for a credit entry, −1 for a debit: the sign of every line.</param>
    /// <param name="entryAmount">The entry's amount when this is its only line: the amount of a line that states none.</param>
    public static ParsedTransaction Read(XElement line, int entrySign, StatementMoney? entryAmount)
    {
        var details = line.Child("AmtDtls");
        // The entry's CdtDbtInd says which way the money moved on the account; a line's own indicator that contradicts it
        // (a CRDT line inside a DBIT batch) is read as the bank's slip, as genkgo/camt reads it. If the lines then do not
        // add up, the entry's TransactionsSumMismatch says so.
        var sign = entrySign;
        // TxDtls/Amt exists from v3 on; v2 carries the line amount in AmtDtls/TxAmt only (ISO 20022 AmountAndCurrencyExchange).
        var own = line.Child("Amt").Money() ?? details.Path("TxAmt", "Amt").Money();
        var amount = own is null ? entryAmount : own with { Amount = sign * own.Amount };
        var parties = line.Child("RltdPties");
        var agents = line.Child("RltdAgts");
        var remittance = line.Child("RmtInf");
        return new ParsedTransaction(
            amount,
            details.Path("InstdAmt", "Amt").Money(),
            ExchangeRate(details),
            References(line.Child("Refs")),
            Party(parties, "Dbtr", "DbtrAcct", agents.Path("DbtrAgt", "FinInstnId")),
            Party(parties, "Cdtr", "CdtrAcct", agents.Path("CdtrAgt", "FinInstnId")),
            Party(parties, "UltmtDbtr", null, null),
            Party(parties, "UltmtCdtr", null, null),
            remittance.Children("Strd").Select(Reference).OfType<StructuredReference>().ToList(),
            remittance.Children("Ustrd").Select(u => u.Value.Trim()).Where(u => u.Length > 0).ToList(),
            remittance.Children("Strd").SelectMany(s => s.Children("AddtlRmtInf")).Select(a => a.Value.Trim()).ToList(),
            CamtEntryReader.Charges(line.Children("Chrgs").ToList()),
            Return(line.Child("RtrInf")),
            CamtEntryReader.BankCode(line.Child("BkTxCd")),
            line.Text("AddtlTxInf"),
            Synthesised: false);
    }

    private static TransactionReferences References(XElement? refs) => refs is null
        ? TransactionReferences.None
        : new TransactionReferences(
            refs.Text("EndToEndId"),
            refs.Text("InstrId"),
            refs.Text("UETR"),
            refs.Text("AcctSvcrRef"),
            refs.Text("MsgId"),
            refs.Text("PmtInfId"),
            refs.Text("TxId"));

    /// <summary>The first XchgRate the amount details give (InstdAmt, TxAmt or CntrValAmt carry a CcyXchg).</summary>
    private static decimal? ExchangeRate(XElement? details)
    {
        var rate = details?.Descendants().FirstOrDefault(e => e.Name.LocalName == "XchgRate");
        return rate is null ? null : CamtXml.Decimal(rate);
    }

    /// <summary>
    /// A related party. v8+ wraps the party in Pty, or names a bank in Agt (Party40Choice); v2–v6 put Nm directly
    /// under Dbtr/Cdtr. The account is IBAN or Othr/Id; the agent comes from RltdAgts.
    /// </summary>
    private static TransactionParty? Party(XElement? parties, string partyName, string? accountName, XElement? agent)
    {
        var holder = parties.Child(partyName);
        var party = holder.Child("Pty") ?? holder;
        var institution = holder.Path("Agt", "FinInstnId");
        var account = accountName is null ? null : parties.Path(accountName, "Id");
        if (party is null && account is null && agent is null) return null;
        var address = party.Child("PstlAdr") ?? institution.Child("PstlAdr");
        return new TransactionParty(
            party.Text("Nm") ?? institution.Text("Nm"),
            account.Text("IBAN"),
            account.Text("Othr", "Id"),
            CamtStatementReader.Bic(agent) ?? CamtStatementReader.Bic(institution),
            agent.Text("Nm"),
            address.Text("Ctry"),
            address.Children("AdrLine").Select(a => a.Value.Trim()).ToList());
    }

    private static StructuredReference? Reference(XElement structured)
    {
        var info = structured.Child("CdtrRefInf");
        var value = info.Text("Ref");
        if (value is null) return null;
        var type = info.Path("Tp", "CdOrPrtry");
        return StructuredReferences.Classify(value, type.Text("Cd") ?? type.Text("Prtry"));
    }

    private static ReturnInfo? Return(XElement? info) => info is null
        ? null
        : new ReturnInfo(
            info.Text("Rsn", "Cd"),
            info.Text("Rsn", "Prtry"),
            info.Children("AddtlInf").Select(a => a.Value.Trim()).FirstOrDefault(),
            info.Text("Orgtr", "Nm"));
}
