using System.Text.Json.Nodes;
using Finance.Core.Banking.Statements;

namespace Finance.Tests.Banking.Statements;

/// <summary>
/// Every genkgo/camt fixture against its oracle (GenkgoOracle): group header, statements, balances, entries and the
/// transaction details the oracle lists. Nothing here is specific to one file; what the oracle leaves out is not asserted.
/// </summary>
public class CamtOracleTests
{
    public static TheoryData<string> Names() => [.. GenkgoOracle.Names()];

    [Theory, MemberData(nameof(Names))]
    public void Parse_GenkgoFixture_MatchesOracle(string name)
    {
        var oracle = GenkgoOracle.Load(name);
        using var xml = File.OpenRead(Path.Combine(GenkgoOracle.Folder, name + ".xml"));
        var file = CamtParser.Parse(xml);

        var header = oracle.Obj("getGroupHeader");
        // The file name says the message type ("camt054.v8…", "camt53…"), the parser reads it from the namespace.
        Assert.StartsWith($"camt.05{name[name.IndexOf('5', StringComparison.Ordinal) + 1]}.001.", file.Format, StringComparison.Ordinal);
        Assert.Equal(header.Str("getMessageId"), file.MessageId);
        Assert.Equal(header.Instant("getCreatedOn"), file.CreatedAt);
        Assert.Equal(oracle.Count("getRecords"), file.Statements.Count);
        var checkedRecords = 0;
        foreach (var record in oracle.List("getRecords", null))
        {
            AssertStatement(record, Statement(file, record));
            checkedRecords++;
        }
        JsonObject? current = null;
        foreach (var entry in oracle.List("getEntries", null))
        {
            current = entry.Obj("getRecord") ?? current;
            Assert.NotNull(current);
            var statement = Statement(file, current);
            AssertStatement(current, statement);
            AssertEntry(entry, statement.Entries[int.Parse(entry.Str("getIndex")!, System.Globalization.CultureInfo.InvariantCulture)]);
            checkedRecords++;
        }
        Assert.True(checkedRecords > 0, "the oracle named no statement to compare");
    }

    private static ParsedStatement Statement(ParsedStatementFile file, JsonObject record) =>
        Assert.Single(file.Statements, s => s.Id == record.Str("getId"));

    private static void AssertStatement(JsonObject record, ParsedStatement statement)
    {
        Assert.Equal(record.Str("getElectronicSequenceNumber"), statement.ElectronicSequenceNumber);
        Assert.Equal(record.Str("getLegalSequenceNumber"), statement.LegalSequenceNumber);
        Assert.Equal(record.Instant("getCreatedOn"), statement.CreatedAt);
        Assert.Equal(record.Instant("getFromDate"), statement.FromDate);
        Assert.Equal(record.Instant("getToDate"), statement.ToDate);
        Assert.Equal(record.Str("getAdditionalInformation"), statement.AdditionalInfo);
        Assert.Equal(record.Obj("getPagination").Str("getPageNumber"), statement.PageNumber?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(record.Count("getEntries"), statement.Entries.Count);
        var account = record.Obj("getAccount");
        Assert.Equal(account.Str("getName"), statement.Account.Name);
        switch (account.Type())
        {
            case "IbanAccount":
                Assert.Equal(account.Obj("getIban").Str("getIban"), statement.Account.Iban);
                break;
            case "ProprietaryAccount":
                Assert.Equal(account.Str("getId"), statement.Account.OtherId);
                break;
            default:
                Assert.Equal(account.Str("getIdentification"), statement.Account.OtherId);
                break;
        }
        var balances = record.List("getBalances", null);
        Assert.Equal(balances.Count, statement.Balances.Count);
        for (var i = 0; i < balances.Count; i++)
        {
            var (expected, actual) = (balances[i], statement.Balances[i]);
            Assert.Equal(expected.Str("getType"), GenkgoOracle.BalanceName(actual.TypeCode));
            Assert.Equal(expected.Obj("getAmount").Amount(), actual.Amount);
            Assert.Equal(expected.Obj("getAmount").Currency(), actual.Currency);
            Assert.Equal(expected.Date("getDate"), actual.Date);
        }
    }

    private static void AssertEntry(JsonObject expected, ParsedEntry entry)
    {
        Assert.Equal(expected.Obj("getAmount").Amount(), entry.Amount);
        Assert.Equal(expected.Obj("getAmount").Currency(), entry.Currency);
        Assert.Equal(expected.Str("getCreditDebitIndicator") == "DBIT", entry.Amount < 0);
        Assert.Equal(expected.Str("getStatus"), entry.StatusCode);
        Assert.Equal(bool.Parse(expected.Str("getReversalIndicator")!), entry.Reversal);
        Assert.Equal(expected.Str("getAccountServicerReference"), entry.AccountServicerReference);
        Assert.Equal(expected.Str("getBatchPaymentId"), entry.BatchPaymentInformationId);
        Assert.Equal(expected.Str("getAdditionalInfo"), entry.AdditionalInfo);
        Assert.Equal(expected.Date("getBookingDate"), entry.BookingDate);
        Assert.Equal(expected.Date("getValueDate"), entry.ValueDate);
        AssertCode(expected.Obj("getBankTransactionCode"), entry.BankTransactionCode);
        AssertMoney(expected.Obj("getCharges").Obj("getTotalChargesAndTaxAmount"), entry.Charges);

        var details = expected.List("getTransactionDetails", "getTransactionDetail");
        if (details.Count == 0)
        {
            var only = Assert.Single(entry.Transactions);
            Assert.True(only.Synthesised);
            Assert.Equal(new StatementMoney(entry.Amount, entry.Currency), only.Amount);
            return;
        }
        Assert.Equal(details.Count, entry.Transactions.Count);
        for (var i = 0; i < details.Count; i++) AssertTransaction(details[i], entry.Transactions[i]);
    }

    private static void AssertTransaction(JsonObject expected, ParsedTransaction transaction)
    {
        Assert.False(transaction.Synthesised);
        AssertMoney(expected.Obj("getAmount") ?? expected.Obj("getAmountDetails"), transaction.Amount, unlessAbsent: true);
        AssertCode(expected.Obj("getBankTransactionCode"), transaction.BankTransactionCode);
        AssertMoney(expected.Obj("getCharges").Obj("getTotalChargesAndTaxAmount"), transaction.Charges);

        var refs = expected.Obj("getReference");
        Assert.Equal(refs.Str("getEndToEndId"), transaction.References.EndToEndId);
        Assert.Equal(refs.Str("getInstructionId"), transaction.References.InstructionId);
        Assert.Equal(refs.Str("getUuidEndToEndReference"), transaction.References.Uetr);
        Assert.Equal(refs.Str("getPaymentInformationId"), transaction.References.PaymentInformationId);
        Assert.Equal(refs.Str("getAccountServicerReference"), transaction.References.AccountServicerReference);
        Assert.Equal(refs.Str("getTransactionId"), transaction.References.TransactionId);

        foreach (var related in expected.List("getRelatedParties", "getRelatedParty"))
        {
            var type = related.Obj("getRelatedPartyType");
            var party = Party(transaction, type.Type());
            Assert.NotNull(party);
            Assert.Equal(type.Str("getName"), party.Name);
            var account = related.Obj("getAccount");
            if (account?.Type() == "IbanAccount") Assert.Equal(account.Obj("getIban").Str("getIban"), party.Iban);
            else if (account is not null) Assert.Equal(account.Str("getIdentification"), party.OtherAccountId);
        }
        foreach (var related in expected.List("getRelatedAgents", "getRelatedAgent"))
        {
            var type = related.Obj("getRelatedAgentType");
            var party = type.Type() == "CreditorAgent" ? transaction.Creditor : transaction.Debtor;
            Assert.NotNull(party);
            Assert.Equal(type.Str("getBIC"), party.AgentBic);
            Assert.Equal(type.Str("getName"), party.AgentName);
        }
        AssertRemittance(expected.Obj("getRemittanceInformation"), transaction);
    }

    private static void AssertRemittance(JsonObject? remittance, ParsedTransaction transaction)
    {
        var lines = remittance.List("getUnstructuredBlocks", "getUnstructuredBlock").Select(b => b.Str("getMessage")).OfType<string>().ToList();
        Assert.Equal(lines, transaction.RemittanceLines);
        var blocks = remittance.List("getStructuredBlocks", "getStructuredBlock");
        var references = blocks
            .Select(b => b.Obj("getCreditorReferenceInformation")
                ?? (GenkgoOracle.IsRecursive(b["getCreditorReferenceInformation"]) ? remittance.Obj("getCreditorReferenceInformation") : null))
            .Where(info => info.Str("getRef") is not null)
            .Select(info => (info.Str("getRef"), info.Str("getCode") ?? info.Str("getProprietary")))
            .ToList();
        Assert.Equal(references, transaction.StructuredReferences.Select(r => ((string?)r.Value, r.DeclaredType)).ToList());
        var additional = blocks.Select(b => b.Str("getAdditionalRemittanceInformation")).OfType<string>().ToList();
        Assert.Equal(additional, transaction.AdditionalRemittance);
    }

    private static TransactionParty? Party(ParsedTransaction transaction, string type) => type switch
    {
        "Creditor" => transaction.Creditor,
        "Debtor" => transaction.Debtor,
        "UltimateCreditor" => transaction.UltimateCreditor,
        "UltimateDebtor" => transaction.UltimateDebtor,
        _ => throw new InvalidOperationException($"unknown party type {type}"),
    };

    private static void AssertCode(JsonObject? expected, BankTransactionCode? actual)
    {
        var domain = expected.Obj("getDomain");
        var proprietary = expected.Obj("getProprietary");
        Assert.Equal(domain.Str("getCode"), actual?.Domain);
        Assert.Equal(domain.Obj("getFamily").Str("getCode"), actual?.Family);
        Assert.Equal(domain.Obj("getFamily").Str("getSubFamilyCode"), actual?.SubFamily);
        Assert.Equal(proprietary.Str("getCode"), actual?.ProprietaryCode);
        Assert.Equal(proprietary.Str("getIssuer"), actual?.ProprietaryIssuer);
    }

    private static void AssertMoney(JsonObject? expected, StatementMoney? actual, bool unlessAbsent = false)
    {
        if (expected is null)
        {
            if (!unlessAbsent) Assert.Null(actual);
            return;
        }
        Assert.NotNull(actual);
        Assert.Equal(expected.Amount(), actual.Amount);
        Assert.Equal(expected.Currency(), actual.Currency);
    }
}
