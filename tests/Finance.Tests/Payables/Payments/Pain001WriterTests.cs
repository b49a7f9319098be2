using System.Text;
using Finance.Core.Errors;
using Finance.Core.Payables.Payments;

namespace Finance.Tests.Payables.Payments;

public class Pain001WriterTests
{
    [Fact]
    public void Write_MixedRun_GroupHeaderCountsAndSums()
    {
        var run = PaymentSamples.Mixed();
        var xml = new Pain001Xml(run);

        Assert.Equal(Pain001Writer.Namespace, xml.Document.Root!.Name.NamespaceName);
        Assert.Equal("Document", xml.Document.Root.Name.LocalName);
        Assert.Equal("PR-2026-0042", xml.Value("/p:Document/p:CstmrCdtTrfInitn/p:GrpHdr/p:MsgId"));
        Assert.Equal("2026-12-02T09:30:15+01:00", xml.Value("//p:GrpHdr/p:CreDtTm"));
        Assert.Equal("5", xml.Value("//p:GrpHdr/p:NbOfTxs"));
        Assert.Equal(5, xml.All("//p:CdtTrfTxInf").Count);
        Assert.Equal("5299.91", xml.Value("//p:GrpHdr/p:CtrlSum"));
        Assert.Equal(xml.All("//p:InstdAmt").Sum(a => Pain001Xml.Amount(a.Value)), Pain001Xml.Amount(xml.Value("//p:GrpHdr/p:CtrlSum")));
        Assert.Equal("Muster Holding AG", xml.Value("//p:GrpHdr/p:InitgPty/p:Nm"));
    }

    [Fact]
    public void Write_MixedRun_OnePaymentInformationPerPaymentTypeAndCurrency()
    {
        var xml = new Pain001Xml(PaymentSamples.Mixed());

        var groups = xml.All("//p:PmtInf");
        Assert.Equal(3, groups.Count);
        string[] Ids(int i) => [.. xml.All($"//p:PmtInf[{i + 1}]/p:CdtTrfTxInf/p:PmtId/p:EndToEndId").Select(e => e.Value)];
        Assert.Equal(["E2E-1", "E2E-4"], Ids(0)); // QR payments apart
        Assert.Equal(["E2E-2"], Ids(1));
        Assert.Equal(["E2E-3", "E2E-5"], Ids(2));
        foreach (var group in groups)
        {
            var amounts = xml.All($"//p:PmtInf[p:PmtInfId='{xml.Value("p:PmtInfId", group)}']//p:InstdAmt");
            Assert.Equal(amounts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), xml.Value("p:NbOfTxs", group));
            Assert.Equal(amounts.Sum(a => Pain001Xml.Amount(a.Value)), Pain001Xml.Amount(xml.Value("p:CtrlSum", group)));
            Assert.Single(amounts.Select(a => a.Attribute("Ccy")!.Value).Distinct());
        }
        Assert.Equal(["3949.80", "100.10", "1250.01"], groups.Select(g => xml.Value("p:CtrlSum", g)));
        var ids = groups.Select(g => xml.Value("p:PmtInfId", g)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Write_PaymentInformation_DebtorMethodDateAndBatchBooking()
    {
        var xml = new Pain001Xml(PaymentSamples.Mixed());

        foreach (var group in xml.All("//p:PmtInf"))
        {
            Assert.Equal("TRF", xml.Value("p:PmtMtd", group));
            Assert.Equal("true", xml.Value("p:BtchBookg", group));
            Assert.Equal("2026-12-04", xml.Value("p:ReqdExctnDt/p:Dt", group));
            Assert.Equal("Muster Holding AG", xml.Value("p:Dbtr/p:Nm", group));
            Assert.Equal("Zug", xml.Value("p:Dbtr/p:PstlAdr/p:TwnNm", group));
            Assert.Equal(PaymentSamples.DebtorIban, xml.Value("p:DbtrAcct/p:Id/p:IBAN", group));
            Assert.Equal("UBSWCHZH80A", xml.Value("p:DbtrAgt/p:FinInstnId/p:BICFI", group));
        }
    }

    [Fact]
    public void Write_NoBicAndNoBatchBooking_NotProvidedAndFalse()
    {
        var run = PaymentSamples.Run(PaymentSamples.QrPayment("E2E-1", 10m)) with { Debtor = PaymentSamples.Debtor(bic: null), BatchBooking = false };
        var xml = new Pain001Xml(run);

        Assert.Equal("NOTPROVIDED", xml.Value("//p:PmtInf/p:DbtrAgt/p:FinInstnId/p:Othr/p:Id"));
        Assert.False(xml.Has("//p:BICFI"));
        Assert.Equal("false", xml.Value("//p:PmtInf/p:BtchBookg"));
    }

    [Fact]
    public void Write_QrPayment_QrrInStructuredReferenceWithProprietaryType()
    {
        var xml = new Pain001Xml(PaymentSamples.Mixed());
        var t = xml.Transfer("E2E-1");

        Assert.Equal("3949.75", xml.Value("p:Amt/p:InstdAmt", t));
        Assert.Equal("CHF", xml.One("p:Amt/p:InstdAmt", t).Attribute("Ccy")!.Value);
        Assert.Equal(PaymentSamples.QrIban, xml.Value("p:CdtrAcct/p:Id/p:IBAN", t));
        Assert.Equal("QRR", xml.Value("p:RmtInf/p:Strd/p:CdtrRefInf/p:Tp/p:CdOrPrtry/p:Prtry", t));
        Assert.Equal(PaymentSamples.Qrr, xml.Value("p:RmtInf/p:Strd/p:CdtrRefInf/p:Ref", t));
        Assert.False(xml.Has("p:RmtInf/p:Ustrd", t));
        Assert.False(xml.Has("p:PmtId/p:InstrId", t));
    }

    [Fact]
    public void Write_QrrInPrintForm_ElectronicFormWithAdditionalInformation()
    {
        var qr = PaymentSamples.QrPayment("E2E-1", 1m) with { Reference = "21 00000 00003 13947 14300 09017", UnstructuredText = "Order 42" };
        var xml = new Pain001Xml(PaymentSamples.Run(qr));

        Assert.Equal("210000000003139471430009017", xml.Value("//p:RmtInf/p:Strd/p:CdtrRefInf/p:Ref"));
        Assert.Equal("Order 42", xml.Value("//p:RmtInf/p:Strd/p:AddtlRmtInf"));
        Assert.False(xml.Has("//p:RmtInf/p:Ustrd"));
    }

    [Fact]
    public void Write_ScorPayment_NormalisedReferenceWithCodeScor()
    {
        var scor = PaymentSamples.ScorPayment("E2E-1", 5m) with { Reference = " rf18 5390 0754 7034 ", UnstructuredText = "Rechnung 4711", InstructionId = "I-1" };
        var xml = new Pain001Xml(PaymentSamples.Run(scor));
        var t = xml.Transfer("E2E-1");

        Assert.Equal("I-1", xml.Value("p:PmtId/p:InstrId", t));
        Assert.Equal("SCOR", xml.Value("p:RmtInf/p:Strd/p:CdtrRefInf/p:Tp/p:CdOrPrtry/p:Cd", t));
        Assert.Equal("RF18539007547034", xml.Value("p:RmtInf/p:Strd/p:CdtrRefInf/p:Ref", t));
        Assert.Equal("Rechnung 4711", xml.Value("p:RmtInf/p:Strd/p:AddtlRmtInf", t));
        Assert.Equal(PaymentSamples.IbanWithScor.Iban, xml.Value("p:CdtrAcct/p:Id/p:IBAN", t));
    }

    [Fact]
    public void Write_UnstructuredAndNone_UstrdOrNoRemittance()
    {
        var none = PaymentSamples.TextPayment("E2E-2", 1m) with { RemittanceKind = RemittanceKind.None, UnstructuredText = null, CreditorAddress = null };
        var xml = new Pain001Xml(PaymentSamples.Run(PaymentSamples.TextPayment("E2E-1", 1m), none));

        Assert.Equal("Rechnung 4711", xml.Value("p:RmtInf/p:Ustrd", xml.Transfer("E2E-1")));
        Assert.False(xml.Has("p:RmtInf", xml.Transfer("E2E-2")));
        Assert.False(xml.Has("p:Cdtr/p:PstlAdr", xml.Transfer("E2E-2")));
    }

    [Fact]
    public void Write_CreditorAddress_StructuredFieldsAndIbanInElectronicForm()
    {
        var spaced = PaymentSamples.TextPayment("E2E-1", 1m, "EUR", iban: "de 30 50021000 0010116606");
        var xml = new Pain001Xml(PaymentSamples.Run(PaymentSamples.QrPayment("E2E-0", 1m), spaced));
        var qr = xml.Transfer("E2E-0");

        Assert.Equal("Robert Schneider AG", xml.Value("p:Cdtr/p:Nm", qr));
        Assert.Equal("Rue du Lac", xml.Value("p:Cdtr/p:PstlAdr/p:StrtNm", qr));
        Assert.Equal("1268", xml.Value("p:Cdtr/p:PstlAdr/p:BldgNb", qr));
        Assert.Equal("2501", xml.Value("p:Cdtr/p:PstlAdr/p:PstCd", qr));
        Assert.Equal("Biel", xml.Value("p:Cdtr/p:PstlAdr/p:TwnNm", qr));
        Assert.Equal("CH", xml.Value("p:Cdtr/p:PstlAdr/p:Ctry", qr));
        var de = xml.Transfer("E2E-1");
        Assert.False(xml.Has("p:Cdtr/p:PstlAdr/p:StrtNm", de));
        Assert.Equal("DE30500210000010116606", xml.Value("p:CdtrAcct/p:Id/p:IBAN", de));
    }

    [Fact]
    public void Write_MarkupAndLatinCharacters_EscapedAndReadBackUnchanged()
    {
        const string name = "Müller & Söhne <Bau> \"AG\" l'Œuvre Ștefan €";
        var t = PaymentSamples.TextPayment("E2E-1", 1m) with { CreditorName = name, UnstructuredText = "a < b & c > d" };
        var xml = new Pain001Xml(PaymentSamples.Run(t));

        Assert.Contains("Müller &amp; Söhne &lt;Bau&gt;", xml.Text, StringComparison.Ordinal);
        Assert.Equal(name, xml.Value("//p:Cdtr/p:Nm"));
        Assert.Equal("a < b & c > d", xml.Value("//p:RmtInf/p:Ustrd"));
    }

    [Fact]
    public void WriteBytes_Encoding_Utf8WithoutByteOrderMark()
    {
        var bytes = Pain001Writer.WriteBytes(PaymentSamples.Run(PaymentSamples.TextPayment("E2E-1", 1m) with { CreditorName = "Zürich Ș" }));

        Assert.NotEqual(0xEF, bytes[0]);
        var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text, StringComparison.Ordinal);
        Assert.Contains("Zürich Ș", text, StringComparison.Ordinal);
        Assert.Equal(text, Pain001Writer.Write(PaymentSamples.Run(PaymentSamples.TextPayment("E2E-1", 1m) with { CreditorName = "Zürich Ș" })));
    }

    [Fact]
    public void Write_LongMessageId_PaymentInformationIdsWithin35AndUnique()
    {
        var run = PaymentSamples.Mixed() with { MessageId = new string('M', 35) };
        var ids = new Pain001Xml(run).All("//p:PmtInfId").Select(e => e.Value).ToList();

        Assert.Equal(3, ids.Count);
        Assert.All(ids, id => Assert.True(id.Length <= 35, id));
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public void Write_InvalidRun_ThrowsValidationExceptionNamingTransferAndField()
    {
        var run = PaymentSamples.Run(PaymentSamples.QrPayment("E2E-1", 1m), PaymentSamples.TextPayment("E2E-2", 0m));

        var ex = Assert.Throws<ValidationException>(() => Pain001Writer.Write(run));
        Assert.Equal(Pain001Writer.ErrorCode, ex.Code);
        var messages = Assert.Contains("transfers[1].amount", ex.Errors!);
        Assert.Contains(messages, m => m.Contains("E2E-2", StringComparison.Ordinal) && m.Contains("InstdAmt", StringComparison.Ordinal));
        Assert.Contains("E2E-2", ex.Message, StringComparison.Ordinal);
    }
}
