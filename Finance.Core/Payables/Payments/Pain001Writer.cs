using System.Globalization;
using System.Text;
using System.Xml;
using Finance.Core.Errors;
using Finance.Core.Invoicing.QrBill;

namespace Finance.Core.Payables.Payments;

/// <summary>
/// Writes a <see cref="PaymentRunFile"/> as an ISO 20022 pain.001.001.09 credit-transfer initiation following the SPS IG
/// Credit Transfer 2.x. Elements appear in the XSD's sequence order; optional elements the run does not fill are left
/// out. Refuses (with <see cref="ValidationException"/>) whatever <see cref="Pain001Rules"/> finds.
/// </summary>
public static class Pain001Writer
{
    public const string Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";
    public const string ErrorCode = "payables.payment_file_invalid";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The file as text; its declaration says UTF-8, so store or send it as <see cref="WriteBytes"/> does.</summary>
    public static string Write(PaymentRunFile run) => Utf8NoBom.GetString(WriteBytes(run));

    /// <summary>The file as UTF-8 without a byte-order mark (SPS IG 2.x: UTF-8 encoding, no BOM).</summary>
    public static byte[] WriteBytes(PaymentRunFile run)
    {
        ThrowIfInvalid(run);
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Encoding = Utf8NoBom, Indent = true, IndentChars = "  " };
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("Document", Namespace);
            xml.WriteStartElement("CstmrCdtTrfInitn");
            GroupHeader(xml, run);
            foreach (var group in PaymentGroups.Of(run)) PaymentInformation(xml, run, group);
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return stream.ToArray();
    }

    private static void ThrowIfInvalid(PaymentRunFile run)
    {
        var issues = Pain001Rules.Issues(run);
        if (issues.Count == 0) return;
        var errors = issues.GroupBy(i => i.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(i => i.Message).ToArray(), StringComparer.Ordinal);
        throw new ValidationException(errors, "The payment file cannot be written: " + string.Join(" ", issues.Select(i => i.Message)),
            code: ErrorCode);
    }

    private static void GroupHeader(XmlWriter xml, PaymentRunFile run)
    {
        xml.WriteStartElement("GrpHdr");
        xml.WriteElementString("MsgId", run.MessageId);
        // ISODateTime to the second with the offset (xs:dateTime); SPS IG: the creation date and time of the file.
        xml.WriteElementString("CreDtTm", run.CreatedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
        xml.WriteElementString("NbOfTxs", Count(run.Transfers.Count));
        xml.WriteElementString("CtrlSum", Money(run.Transfers.Sum(t => t.Amount)));
        xml.WriteStartElement("InitgPty");
        xml.WriteElementString("Nm", run.Debtor.Name);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void PaymentInformation(XmlWriter xml, PaymentRunFile run, PaymentGroup group)
    {
        xml.WriteStartElement("PmtInf");
        xml.WriteElementString("PmtInfId", group.PaymentInformationId);
        xml.WriteElementString("PmtMtd", "TRF");
        xml.WriteElementString("BtchBookg", run.BatchBooking ? "true" : "false");
        xml.WriteElementString("NbOfTxs", Count(group.Transfers.Count));
        xml.WriteElementString("CtrlSum", Money(group.ControlSum));
        xml.WriteStartElement("ReqdExctnDt");
        xml.WriteElementString("Dt", group.ExecutionDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        xml.WriteEndElement();
        Party(xml, "Dbtr", run.Debtor.Name, run.Debtor.Address);
        Account(xml, "DbtrAcct", run.Debtor.Iban);
        xml.WriteStartElement("DbtrAgt");
        xml.WriteStartElement("FinInstnId");
        // SPS IG: DbtrAgt is mandatory; without a BIC the bank identifies itself from the IBAN, said as Othr/Id NOTPROVIDED.
        if (!string.IsNullOrWhiteSpace(run.Debtor.Bic)) xml.WriteElementString("BICFI", run.Debtor.Bic);
        else
        {
            xml.WriteStartElement("Othr");
            xml.WriteElementString("Id", "NOTPROVIDED");
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        foreach (var transfer in group.Transfers) Pain001Transfer.Write(xml, transfer);
        xml.WriteEndElement();
    }

    internal static void Party(XmlWriter xml, string element, string name, PostalAddress? address)
    {
        xml.WriteStartElement(element);
        xml.WriteElementString("Nm", name);
        if (address is not null)
        {
            xml.WriteStartElement("PstlAdr");
            Optional(xml, "StrtNm", address.Street);
            Optional(xml, "BldgNb", address.BuildingNumber);
            Optional(xml, "PstCd", address.PostCode);
            Optional(xml, "TwnNm", address.Town);
            xml.WriteElementString("Ctry", address.Country);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    internal static void Account(XmlWriter xml, string element, string iban)
    {
        xml.WriteStartElement(element);
        xml.WriteStartElement("Id");
        xml.WriteElementString("IBAN", Iban.Parse(iban).Value);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    internal static void Optional(XmlWriter xml, string element, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)) xml.WriteElementString(element, value);
    }

    internal static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);
}
