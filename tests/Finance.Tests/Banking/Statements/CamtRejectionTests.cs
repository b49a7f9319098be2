using System.Text;
using Finance.Core.Banking.Statements;

namespace Finance.Tests.Banking.Statements;

/// <summary>What the camt parser refuses, each with its own code and a message that says what is wrong.</summary>
public class CamtRejectionTests
{
    private const string Ns053 = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.04";

    private static StatementRejectedException Refuse(string xml, CamtLimits? limits = null) =>
        Assert.Throws<StatementRejectedException>(() => CamtParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)), limits));

    private static string Statement(string entry) => $"""
        <Document xmlns="{Ns053}"><BkToCstmrStmt>
          <GrpHdr><MsgId>M1</MsgId><CreDtTm>2024-03-28T10:00:00+01:00</CreDtTm></GrpHdr>
          <Stmt><Id>S1</Id><Acct><Id><IBAN>CH6709000000040556677</IBAN></Id></Acct>{entry}</Stmt>
        </BkToCstmrStmt></Document>
        """;

    private const string GoodEntry = "<Ntry><Amt Ccy=\"CHF\">12.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>";

    [Fact]
    public void Parse_GenkgoWrongFixture_RefusedForHavingNoStatement()
    {
        using var stream = File.OpenRead(Path.Combine(GenkgoOracle.Folder, "camt053.v2.wrong.xml"));

        var refused = Assert.Throws<StatementRejectedException>(() => CamtParser.Parse(stream));

        Assert.Equal(StatementRejection.MissingField, refused.Code);
        Assert.Equal("The camt.053.001.02 message holds no <Stmt> block, so there is nothing to import.", refused.Message);
    }

    [Fact]
    public void Parse_WellFormedStatement_Accepted()
    {
        var file = CamtParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(Statement(GoodEntry))));

        Assert.Equal(12.50m, Assert.Single(Assert.Single(file.Statements).Entries).Amount);
    }

    [Fact]
    public void Parse_ExternalEntityDtd_RefusedBeforeAnyFileIsRead()
    {
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE Document [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
            + Statement(GoodEntry).Replace("<Id>S1</Id>", "<Id>&xxe;</Id>", StringComparison.Ordinal);

        var refused = Refuse(xml);

        Assert.Equal(StatementRejection.MalformedXml, refused.Code);
        Assert.Contains("DTD", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BrokenXml_RefusedWithPosition()
    {
        var refused = Refuse(Statement(GoodEntry).Replace("</Stmt>", "</Stmnt>", StringComparison.Ordinal));

        Assert.Equal(StatementRejection.MalformedXml, refused.Code);
        Assert.Contains("line", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urn:iso:std:iso:20022:tech:xsd:pain.001.001.09", StatementRejection.NotCamt)]
    [InlineData("urn:iso:std:iso:20022:tech:xsd:camt.056.001.08", StatementRejection.NotCamt)]
    [InlineData("", StatementRejection.NotCamt)]
    [InlineData("urn:iso:std:iso:20022:tech:xsd:camt.053.001.14", StatementRejection.UnsupportedVersion)]
    public void Parse_OtherNamespace_RefusedByKind(string ns, string code) =>
        Assert.Equal(code, Refuse(Statement(GoodEntry).Replace(Ns053, ns, StringComparison.Ordinal)).Code);

    [Fact]
    public void Parse_RootIsNotDocument_NotCamt() =>
        Assert.Equal(StatementRejection.NotCamt, Refuse("<html><body>statement</body></html>").Code);

    [Fact]
    public void Parse_LargerThanMaxBytes_TooLarge()
    {
        var refused = Refuse(Statement(string.Concat(Enumerable.Repeat(GoodEntry, 200))), new CamtLimits { MaxBytes = 4_096 });

        Assert.Equal(StatementRejection.TooLarge, refused.Code);
    }

    [Fact]
    public void Parse_MoreEntriesThanAllowed_TooLarge()
    {
        var refused = Refuse(Statement(string.Concat(Enumerable.Repeat(GoodEntry, 3))), new CamtLimits { MaxEntries = 2 });

        Assert.Equal((StatementRejection.TooLarge, "The camt file holds more than the limit of 2 entries."), (refused.Code, refused.Message));
    }

    [Theory]
    [InlineData("<Ntry><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>", StatementRejection.MissingField, "Ntry/Amt")]
    [InlineData("<Ntry><Amt Ccy=\"CHF\">12,50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>", StatementRejection.InvalidValue, "'12,50'")]
    [InlineData("<Ntry><Amt>12.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts></Ntry>", StatementRejection.MissingField, "@Ccy")]
    [InlineData("<Ntry><Amt Ccy=\"CHF\">12.50</Amt><CdtDbtInd>CRED</CdtDbtInd><Sts>BOOK</Sts></Ntry>", StatementRejection.InvalidValue, "CRDT or DBIT")]
    [InlineData("<Ntry><Amt Ccy=\"CHF\">12.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-02-30</Dt></BookgDt></Ntry>", StatementRejection.InvalidValue, "ISO date")]
    public void Parse_BadEntry_RefusedNamingTheElement(string entry, string code, string mentioned)
    {
        var refused = Refuse(Statement(entry));

        Assert.Equal(code, refused.Code);
        Assert.Contains(mentioned, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StatementWithoutAccount_MissingField()
    {
        var refused = Refuse(Statement(GoodEntry).Replace("<Acct><Id><IBAN>CH6709000000040556677</IBAN></Id></Acct>", "", StringComparison.Ordinal));

        Assert.Equal(StatementRejection.MissingField, refused.Code);
        Assert.Contains("Acct", refused.Message, StringComparison.Ordinal);
    }
}
