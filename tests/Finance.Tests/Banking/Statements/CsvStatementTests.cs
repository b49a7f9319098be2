using System.Text;
using Finance.Core.Banking.Statements;
using Finance.Tests.Infrastructure;

namespace Finance.Tests.Banking.Statements;

/// <summary>
/// One export per built-in profile (Samples/, written after each bank's real layout; PostFinance's in Windows-1252),
/// detected from its header and parsed without naming the profile.
/// </summary>
public class CsvStatementTests
{
    public static string Sample(string name) => Path.Combine(Repo.Root, "tests", "Finance.Tests", "Banking", "Statements", "Samples", name);

    private static ParsedStatementFile Parse(string name, CsvProfile? profile = null, params CsvProfile[] extra)
    {
        using var stream = File.OpenRead(Sample(name));
        return CsvStatementParser.Parse(stream, profile, extra);
    }

    private static ParsedStatementFile ParseText(string text, CsvProfile? profile = null, params CsvProfile[] extra) =>
        CsvStatementParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(text)), profile, extra);

    [Theory]
    [InlineData("postfinance.csv", "PostFinance", 9)]
    [InlineData("ubs.csv", "UBS", 10)]
    [InlineData("raiffeisen.csv", "Raiffeisen", 1)]
    [InlineData("zkb.csv", "ZKB", 1)]
    [InlineData("revolut-business.csv", "Revolut Business", 1)]
    public void Detect_HeaderRowOfEachBank_PicksItsProfile(string file, string profile, int headerLine)
    {
        var encoding = file == "postfinance.csv" ? Encoding.Latin1 : Encoding.UTF8;
        var header = File.ReadAllLines(Sample(file), encoding)[headerLine - 1];

        Assert.Equal(profile, CsvProfiles.Detect(header)?.Name);
        Assert.Equal("csv:" + profile, Parse(file).Format);
    }

    [Fact]
    public void Detect_UnknownHeaderOrPreambleLine_Null()
    {
        Assert.Null(CsvProfiles.Detect("Date;Amount;Text"));
        Assert.Null(CsvProfiles.Detect("Datum von:;=\"01.03.2024\""));
        Assert.Equal(5, CsvProfiles.BuiltIn.Count);
    }

    [Fact]
    public void Parse_PostFinanceWindows1252_UmlautsQuotedLinesPreambleAccountAndFooterSkipped()
    {
        var statement = Assert.Single(Parse("postfinance.csv").Statements);

        Assert.Equal("CH6709000000040556677", statement.Account.Iban);
        Assert.Equal([1250.00m, -2400.00m, -18.50m], statement.Entries.Select(e => e.Amount));
        Assert.All(statement.Entries, e => Assert.Equal("CHF", e.Currency));
        var credit = statement.Entries[0];
        Assert.Equal(new DateOnly(2024, 3, 28), credit.BookingDate);
        Assert.Equal("GUTSCHRIFT VON: Müller Bäckerei AG, Zürichstrasse 5; 8001 Zürich MITTEILUNGEN: Rechnung 2024-117", credit.AdditionalInfo);
        Assert.Equal("ÜBERTRAG AUF KONTO CH93 0076 2011 6238 5295 7\r\nMiete März, Bürofläche 2. OG", statement.Entries[1].AdditionalInfo);
        Assert.Contains("Café Grütli", statement.Entries[2].AdditionalInfo, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2024, 3, 26), statement.Entries[2].ValueDate);
        Assert.All(statement.Entries, e => Assert.True(Assert.Single(e.Transactions).Synthesised));
    }

    [Fact]
    public void Parse_Ubs_PreambleIbanCounterpartyAndTransactionNumber()
    {
        var statement = Assert.Single(Parse("ubs.csv").Statements);

        Assert.Equal("CH6900235235123456010", statement.Account.Iban);
        // The collective booking of 350.00 is one entry; its two "Einzelbetrag" lines are not entries of their own.
        Assert.Equal([-2400.00m, 1250.45m, -350.00m, -49.55m], statement.Entries.Select(e => e.Amount));
        var rent = statement.Entries[0];
        Assert.Equal("9930088TI1234567", rent.AccountServicerReference);
        var line = Assert.Single(rent.Transactions);
        Assert.Equal("Immobilien Verwaltung AG", line.Creditor?.Name);
        Assert.Equal(line.Creditor, line.Counterparty);
        Assert.Equal(["Miete März 2024, Bürofläche 2. OG", "Referenz: 210000000003139471430009017"], line.RemittanceLines);
        Assert.Equal("Müller Bäckerei AG", statement.Entries[1].Transactions[0].Counterparty?.Name);
        Assert.Equal(new DateOnly(2024, 3, 26), statement.Entries[1].ValueDate);
        Assert.Equal((new DateOnly(2024, 3, 20), new DateOnly(2024, 3, 28)),
            (DateOnly.FromDateTime(statement.FromDate!.Value.DateTime), DateOnly.FromDateTime(statement.ToDate!.Value.DateTime)));
    }

    [Fact]
    public void Parse_Raiffeisen_SignedAmountsTimestampsAndAccountColumn()
    {
        var statement = Assert.Single(Parse("raiffeisen.csv").Statements);

        Assert.Equal("CH3880808001234567890", statement.Account.Iban);
        Assert.Equal([1250.00m, -2400.00m, -200.00m], statement.Entries.Select(e => e.Amount));
        Assert.Equal(new DateOnly(2024, 3, 27), statement.Entries[1].BookingDate);
        Assert.Equal("CHF", statement.Account.Currency);
    }

    [Fact]
    public void Parse_Zkb_ApostropheThousandsPositiveDebitsQrReferenceAndEscapedQuotes()
    {
        var statement = Assert.Single(Parse("zkb.csv").Statements);

        Assert.Equal([1250.00m, -2400.00m, -86.35m], statement.Entries.Select(e => e.Amount));
        var reference = Assert.Single(statement.Entries[0].Transactions[0].StructuredReferences);
        Assert.Equal((ReferenceKind.Qrr, true), (reference.Kind, reference.IsValid));
        Assert.Equal("Z240870654321", statement.Entries[1].AccountServicerReference);
        Assert.Equal("Belastung eBanking: Immobilien Verwaltung AG\nMiete März; Bürofläche \"2. OG\"", statement.Entries[1].AdditionalInfo);
    }

    [Fact]
    public void Parse_RevolutBusiness_OneStatementPerCurrencyAccountWithStates()
    {
        var file = Parse("revolut-business.csv");

        Assert.Equal(2, file.Statements.Count);
        var chf = Assert.Single(file.Statements, s => s.Account.Currency == "CHF");
        Assert.Equal("CHF Main", chf.Account.OtherId);
        Assert.Equal([1250.00m, -2405.00m], chf.Entries.Select(e => e.Amount));
        var transfer = chf.Entries[1].Transactions[0];
        Assert.Equal("CH9300762011623852957", transfer.Creditor?.Iban);
        Assert.Equal((ReferenceKind.Scor, true), (transfer.Reference!.Kind, transfer.Reference.IsValid));
        Assert.Equal("Müller Bäckerei AG", chf.Entries[0].Transactions[0].Debtor?.Name);

        var eur = Assert.Single(file.Statements, s => s.Account.Currency == "EUR");
        Assert.Equal([EntryStatus.Booked, EntryStatus.Pending, EntryStatus.Information], eur.Entries.Select(e => e.Status));
        Assert.Equal([-111.20m, -23.00m, -999.00m], eur.Entries.Select(e => e.Amount));
        Assert.Null(eur.Entries[1].BookingDate);
    }

    [Fact]
    public void Parse_AdminProfileFromJson_DecimalCommaAndDayMonthSlashes()
    {
        var profile = CsvProfile.FromJson("""
            {
              "name": "Bank Cler",
              "headerSignature": [ "Buchung", "Betrag", "Mitteilung" ],
              "delimiter": ";",
              "decimalMark": ",",
              "thousandsMarks": ".",
              "dateFormats": [ "dd/MM/yyyy" ],
              "currency": "EUR",
              "columns": { "bookingDate": "Buchung", "amount": "Betrag", "text": [ "Mitteilung" ] }
            }
            """);
        var csv = "Buchung;Betrag;Mitteilung\n03/04/2024;1.234,50;Rechnung 88\n04/04/2024;-12,05;Gebühr\n";

        var statement = Assert.Single(ParseText(csv, null, profile).Statements);

        Assert.Equal("csv:Bank Cler", ParseText(csv, null, profile).Format);
        Assert.Equal([1234.50m, -12.05m], statement.Entries.Select(e => e.Amount));
        Assert.Equal(new DateOnly(2024, 4, 3), statement.Entries[0].BookingDate);
        Assert.Equal(profile.ToJson(), CsvProfile.FromJson(profile.ToJson()).ToJson());
    }

    [Fact]
    public void Parse_WrongColumnsForTheProfile_RefusedNamingTheMissingColumns()
    {
        var zkb = CsvProfiles.BuiltIn.Single(p => p.Name == "ZKB");
        var csv = "Datum;Text;Betrag\n28.03.2024;Miete;-2400.00\n";

        var refused = Assert.Throws<StatementRejectedException>(() => ParseText(csv, zkb));

        Assert.Equal(StatementRejection.CsvBadColumns, refused.Code);
        Assert.Contains("'ZKB-Referenz'", refused.Message, StringComparison.Ordinal);
        Assert.Contains("'Belastung {ccy}'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnparsableAmount_RefusedWithItsLineNumber()
    {
        var lines = File.ReadAllText(Sample("raiffeisen.csv")).Replace("-200.00;", "-2OO.00;", StringComparison.Ordinal);

        var refused = Assert.Throws<StatementRejectedException>(() => ParseText(lines));

        Assert.Equal(StatementRejection.CsvBadValue, refused.Code);
        Assert.Equal("Line 4, column 'Credit/Debit Amount': '-2OO.00' is not an amount.", refused.Message);
    }

    [Fact]
    public void Parse_UnparsableDateAfterAMultiLineField_CountsPhysicalLines()
    {
        var text = "IBAN;Booked At;Text;Credit/Debit Amount;Balance;Valuta Date\n"
            + "CH3880808001234567890;2024-03-28;\"two\nlines\";1.00;1.00;2024-03-28\n"
            + "CH3880808001234567890;28.13.2024;x;2.00;3.00;2024-03-28\n";

        var refused = Assert.Throws<StatementRejectedException>(() => ParseText(text));

        Assert.StartsWith("Line 4, column 'Booked At': '28.13.2024' is not a date", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NoProfileMatches_Refused()
    {
        var refused = Assert.Throws<StatementRejectedException>(() => ParseText("Date;Amount;Text\n2024-03-28;1.00;x\n"));

        Assert.Equal(StatementRejection.CsvUnknownProfile, refused.Code);
        Assert.Contains("Date;Amount;Text", refused.Message, StringComparison.Ordinal);
    }
}
