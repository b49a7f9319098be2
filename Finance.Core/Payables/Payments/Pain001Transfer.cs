using System.Xml;
using Finance.Core.Invoicing.QrBill;

namespace Finance.Core.Payables.Payments;

/// <summary>Writes one <c>CdtTrfTxInf</c> in the pain.001.001.09 sequence: PmtId, Amt, Cdtr, CdtrAcct, RmtInf.</summary>
internal static class Pain001Transfer
{
    public static void Write(XmlWriter xml, CreditTransfer t)
    {
        xml.WriteStartElement("CdtTrfTxInf");
        xml.WriteStartElement("PmtId");
        Pain001Writer.Optional(xml, "InstrId", t.InstructionId);
        xml.WriteElementString("EndToEndId", t.EndToEndId);
        xml.WriteEndElement();
        xml.WriteStartElement("Amt");
        xml.WriteStartElement("InstdAmt");
        xml.WriteAttributeString("Ccy", t.Currency);
        xml.WriteString(Pain001Writer.Money(t.Amount));
        xml.WriteEndElement();
        xml.WriteEndElement();
        Pain001Writer.Party(xml, "Cdtr", t.CreditorName, t.CreditorAddress);
        Pain001Writer.Account(xml, "CdtrAcct", t.CreditorIban);
        Remittance(xml, t);
        xml.WriteEndElement();
    }

    private static void Remittance(XmlWriter xml, CreditTransfer t)
    {
        switch (t.RemittanceKind)
        {
            case RemittanceKind.Unstructured:
                xml.WriteStartElement("RmtInf");
                xml.WriteElementString("Ustrd", t.UnstructuredText);
                xml.WriteEndElement();
                break;
            case RemittanceKind.Qrr:
                Structured(xml, "Prtry", "QRR", Grouping.WithoutWhitespace(t.Reference!), t.UnstructuredText);
                break;
            case RemittanceKind.Scor:
                Structured(xml, "Cd", "SCOR", CreditorReference.Normalize(t.Reference!), t.UnstructuredText);
                break;
        }
    }

    /// <summary>RmtInf/Strd/CdtrRefInf: Tp/CdOrPrtry/Prtry QRR or Cd SCOR, then Ref (SPS IG 2.x); AddtlRmtInf after it
    /// in the XSD sequence of StructuredRemittanceInformation16.</summary>
    private static void Structured(XmlWriter xml, string codeOrProprietary, string type, string reference, string? additional)
    {
        xml.WriteStartElement("RmtInf");
        xml.WriteStartElement("Strd");
        xml.WriteStartElement("CdtrRefInf");
        xml.WriteStartElement("Tp");
        xml.WriteStartElement("CdOrPrtry");
        xml.WriteElementString(codeOrProprietary, type);
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteElementString("Ref", reference);
        xml.WriteEndElement();
        Pain001Writer.Optional(xml, "AddtlRmtInf", additional);
        xml.WriteEndElement();
        xml.WriteEndElement();
    }
}
