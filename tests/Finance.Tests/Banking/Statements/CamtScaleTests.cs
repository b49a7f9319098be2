using System.Diagnostics;
using System.Text;
using Finance.Core.Banking.Statements;
using Xunit.Abstractions;

namespace Finance.Tests.Banking.Statements;

/// <summary>A generated camt.053 of 100,000 entries (about 30 MB): the streaming reader keeps every figure and stays fast.</summary>
public class CamtScaleTests(ITestOutputHelper output)
{
    [Fact]
    public void Parse_HundredThousandEntries_AllReadAndReconciled()
    {
        const int count = 100_000;
        var xml = Generate(count);
        var watch = Stopwatch.StartNew();

        var statement = Assert.Single(CamtParser.Parse(new MemoryStream(xml)).Statements);

        output.WriteLine($"{xml.Length / 1024 / 1024} MB, {count:N0} entries in {watch.ElapsedMilliseconds} ms");
        Assert.Equal(count, statement.Entries.Count);
        Assert.Equal(0m, statement.Unreconciled);
        Assert.Equal(count - 1, statement.Entries[^1].Index);
        Assert.Equal("RF18539007547034", statement.Entries[^1].Transactions[0].Reference?.Value);
    }

    /// <summary>Entries alternate +10.05 and −3.00; the closing balance is what they add up to.</summary>
    private static byte[] Generate(int count)
    {
        var text = new StringBuilder(count * 320);
        text.Append("""<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>""");
        text.Append("<GrpHdr><MsgId>BIG</MsgId><CreDtTm>2024-03-28T10:00:00</CreDtTm></GrpHdr><Stmt><Id>BIG-1</Id>");
        text.Append("<Acct><Id><IBAN>CH6709000000040556677</IBAN></Id><Ccy>CHF</Ccy></Acct>");
        var credits = (count + 1) / 2;
        var closing = 1000m + credits * 10.05m - (count - credits) * 3.00m;
        text.Append(Balance("OPBD", 1000m)).Append(Balance("CLBD", closing));
        for (var i = 0; i < count; i++)
        {
            var credit = i % 2 == 0;
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"""
                <Ntry><Amt Ccy="CHF">{(credit ? "10.05" : "3.00")}</Amt><CdtDbtInd>{(credit ? "CRDT" : "DBIT")}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
                <BookgDt><Dt>2024-03-28</Dt></BookgDt><AcctSvcrRef>R{i}</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>E{i}</EndToEndId></Refs>
                <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls></Ntry>
                """);
        }
        text.Append("</Stmt></BkToCstmrStmt></Document>");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Balance(string code, decimal amount) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"""<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy="CHF">{Math.Abs(amount):0.00}</Amt><CdtDbtInd>{(amount < 0 ? "DBIT" : "CRDT")}</CdtDbtInd><Dt><Dt>2024-03-28</Dt></Dt></Bal>""");
}
