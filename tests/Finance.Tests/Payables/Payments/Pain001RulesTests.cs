using Finance.Core.Payables.Payments;

namespace Finance.Tests.Payables.Payments;

public class Pain001RulesTests
{
    private static readonly string LongId = new('E', 36);

    /// <summary>Each case breaks the second transfer (EndToEndId "E2E-2") in one way: the change, the field it must be
    /// reported under and the pain.001 element the message must name.</summary>
    private static readonly Dictionary<string, (Func<CreditTransfer, CreditTransfer> Break, string Field, string Element)> TransferCases = new()
    {
        ["qr-iban with scor"] = (t => t with { CreditorIban = PaymentSamples.QrIban, RemittanceKind = RemittanceKind.Scor, Reference = PaymentSamples.IbanWithScor.Scor }, "reference", "QR-IBAN"),
        ["qr-iban without reference"] = (t => t with { CreditorIban = PaymentSamples.QrIban, RemittanceKind = RemittanceKind.None, UnstructuredText = null }, "reference", "QR-IBAN"),
        ["qr-iban with text"] = (t => t with { CreditorIban = PaymentSamples.QrIban }, "reference", "QR-IBAN"),
        ["iban with qrr"] = (t => t with { RemittanceKind = RemittanceKind.Qrr, Reference = PaymentSamples.Qrr, UnstructuredText = null }, "creditorIban", "CdtrAcct/Id/IBAN"),
        ["zero amount"] = (t => t with { Amount = 0m }, "amount", "Amt/InstdAmt"),
        ["negative amount"] = (t => t with { Amount = -5m }, "amount", "Amt/InstdAmt"),
        ["three decimals"] = (t => t with { Amount = 10.005m }, "amount", "Amt/InstdAmt"),
        ["amount too large"] = (t => t with { Amount = 1_000_000_000m }, "amount", "Amt/InstdAmt"),
        ["usd"] = (t => t with { Currency = "USD" }, "currency", "@Ccy"),
        ["lower-case currency"] = (t => t with { Currency = "chf" }, "currency", "@Ccy"),
        ["36-character end-to-end id"] = (t => t with { EndToEndId = LongId }, "endToEndId", "PmtId/EndToEndId"),
        ["duplicate end-to-end id"] = (t => t with { EndToEndId = "E2E-1" }, "endToEndId", "PmtId/EndToEndId"),
        ["36-character instruction id"] = (t => t with { InstructionId = LongId }, "instructionId", "PmtId/InstrId"),
        ["71-character name"] = (t => t with { CreditorName = new string('N', 71) }, "creditorName", "Cdtr/Nm"),
        ["empty name"] = (t => t with { CreditorName = " " }, "creditorName", "Cdtr/Nm"),
        ["emoji in name"] = (t => t with { CreditorName = "Café 😀 AG" }, "creditorName", "Cdtr/Nm"),
        ["cyrillic in text"] = (t => t with { UnstructuredText = "Счёт 12" }, "unstructuredText", "RmtInf/Ustrd"),
        ["141-character text"] = (t => t with { UnstructuredText = new string('x', 141) }, "unstructuredText", "RmtInf/Ustrd"),
        ["unstructured without text"] = (t => t with { UnstructuredText = null }, "unstructuredText", "RmtInf/Ustrd"),
        ["none with text"] = (t => t with { RemittanceKind = RemittanceKind.None }, "unstructuredText", "RmtInf/Ustrd"),
        ["unstructured with reference"] = (t => t with { Reference = PaymentSamples.IbanWithScor.Scor }, "reference", "Qrr or Scor"),
        ["bad iban check digits"] = (t => t with { CreditorIban = PaymentSamples.IbanBadCheckDigits }, "creditorIban", "CdtrAcct/Id/IBAN"),
        ["bad qrr check digit"] = (t => t with { CreditorIban = PaymentSamples.QrIban, RemittanceKind = RemittanceKind.Qrr, Reference = PaymentSamples.QrrBadCheckDigit }, "reference", "RmtInf/Strd/CdtrRefInf/Ref"),
        ["bad scor check digits"] = (t => t with { RemittanceKind = RemittanceKind.Scor, Reference = "RF19539007547034" }, "reference", "RmtInf/Strd/CdtrRefInf/Ref"),
        ["scor without reference"] = (t => t with { RemittanceKind = RemittanceKind.Scor, Reference = null }, "reference", "RmtInf/Strd/CdtrRefInf/Ref"),
        ["address without country"] = (t => t with { CreditorAddress = new("Hauptstrasse", "1", "3000", "Bern", "") }, "creditorAddress.country", "Cdtr/PstlAdr/Ctry"),
        ["address with bad country"] = (t => t with { CreditorAddress = new("Hauptstrasse", "1", "3000", "Bern", "che") }, "creditorAddress.country", "Cdtr/PstlAdr/Ctry"),
        ["address without town"] = (t => t with { CreditorAddress = new("Hauptstrasse", "1", "3000", null, "CH") }, "creditorAddress.town", "Cdtr/PstlAdr/TwnNm"),
        ["71-character street"] = (t => t with { CreditorAddress = new(new string('s', 71), "1", "3000", "Bern", "CH") }, "creditorAddress.street", "Cdtr/PstlAdr/StrtNm"),
        ["17-character post code"] = (t => t with { CreditorAddress = new("Hauptstrasse", "1", new string('9', 17), "Bern", "CH") }, "creditorAddress.postCode", "Cdtr/PstlAdr/PstCd"),
    };

    public static TheoryData<string> TransferCaseNames() => [.. TransferCases.Keys];

    [Fact]
    public void Check_ValidMixedRun_NoIssues() => Assert.Empty(Pain001Rules.Check(PaymentSamples.Mixed()));

    [Theory, MemberData(nameof(TransferCaseNames))]
    public void Check_BrokenTransfer_RefusedNamingTransferAndField(string name)
    {
        var (breakIt, field, element) = TransferCases[name];
        var broken = breakIt(PaymentSamples.TextPayment("E2E-2", 12.50m, "CHF", PaymentSamples.IbanWithScor.Iban));
        var run = PaymentSamples.Run(PaymentSamples.QrPayment("E2E-1", 1m), broken);
        Assert.Empty(Pain001Rules.Check(run with { Transfers = [run.Transfers[0], PaymentSamples.TextPayment("E2E-2", 12.50m, "CHF", PaymentSamples.IbanWithScor.Iban)] }));

        var issues = Pain001Rules.Issues(run);

        var issue = Assert.Single(issues, i => i.Field == $"transfers[1].{field}");
        Assert.Contains($"Transfer '{broken.EndToEndId}'", issue.Message, StringComparison.Ordinal);
        Assert.Contains(element, issue.Message, StringComparison.Ordinal);
        Assert.Contains(Pain001Rules.Check(run), m => m == $"transfers[1].{field}: {issue.Message}");
        Assert.DoesNotContain(issues, i => i.Field.StartsWith("transfers[0]", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_EmojiInName_MessageShowsTheCharacter()
    {
        var run = PaymentSamples.Run(PaymentSamples.TextPayment("E2E-1", 1m) with { CreditorName = "Café 😀 AG" });

        var message = Assert.Single(Pain001Rules.Check(run));
        Assert.Contains("'😀' (U+1F600)", message, StringComparison.Ordinal);
    }

    private static readonly Dictionary<string, (Func<PaymentRunFile, PaymentRunFile> Break, string Field)> RunCases = new()
    {
        ["36-character message id"] = (r => r with { MessageId = new string('M', 36) }, "messageId"),
        ["empty message id"] = (r => r with { MessageId = "" }, "messageId"),
        ["emoji in message id"] = (r => r with { MessageId = "PR-🚀" }, "messageId"),
        ["no transfers"] = (r => r with { Transfers = [] }, "transfers"),
        ["no creation time"] = (r => r with { CreatedAt = default }, "createdAt"),
        ["71-character debtor name"] = (r => r with { Debtor = r.Debtor with { Name = new string('D', 71) } }, "debtor.name"),
        ["debtor qr-iban"] = (r => r with { Debtor = r.Debtor with { Iban = PaymentSamples.QrIban } }, "debtor.iban"),
        ["debtor bad iban"] = (r => r with { Debtor = r.Debtor with { Iban = PaymentSamples.IbanBadCheckDigits } }, "debtor.iban"),
        ["debtor bad bic"] = (r => r with { Debtor = r.Debtor with { Bic = "UBS" } }, "debtor.bic"),
        ["debtor address without country"] = (r => r with { Debtor = r.Debtor with { Address = new("Seestrasse", "1", "6300", "Zug", " ") } }, "debtor.address.country"),
    };

    public static TheoryData<string> RunCaseNames() => [.. RunCases.Keys];

    [Theory, MemberData(nameof(RunCaseNames))]
    public void Check_BrokenRun_RefusedNamingField(string name)
    {
        var (breakIt, field) = RunCases[name];

        Assert.Contains(Pain001Rules.Issues(breakIt(PaymentSamples.Mixed())), i => i.Field == field);
    }

    /// <summary>The account/reference pairs of the QR-bill vectors hold for payments as well (SPS IG and SIX IG QR-bill 2.3
    /// share the QR-IBAN rule); the reference kind follows the vector's type, else the reference's shape.</summary>
    public static TheoryData<int> CombinationVectors()
    {
        var data = new TheoryData<int>();
        var all = Fixtures.QrBillVectors["account_reference_combination_rules"]!.AsArray();
        for (var i = 0; i < all.Count; i++)
            if (((string?)all[i]!["account"])?.StartsWith("CH", StringComparison.Ordinal) == true) data.Add(i);
        return data;
    }

    [Theory, MemberData(nameof(CombinationVectors))]
    public void Check_AccountReferenceVector_MatchesExpected(int index)
    {
        var v = Fixtures.QrBillVectors["account_reference_combination_rules"]![index]!;
        var account = ((string)v["account"]!).Split(" (")[0]; // "CH44… (QR-IBAN)": the note goes, spaced IBANs stay
        var reference = (string?)v["reference"];
        var kind = (string?)v["referenceType"] switch
        {
            "SCOR" => RemittanceKind.Scor,
            "QRR" => RemittanceKind.Qrr,
            _ when string.IsNullOrWhiteSpace(reference) => RemittanceKind.None,
            _ => reference.StartsWith("RF", StringComparison.Ordinal) ? RemittanceKind.Scor : RemittanceKind.Qrr,
        };
        var transfer = new CreditTransfer("E2E-1", "Robert Schneider AG", null, account, 10m, "CHF", kind, reference, null);

        Assert.Equal((bool)v["ok"]!, Pain001Rules.Check(PaymentSamples.Run(transfer)).Count == 0);
    }
}
