using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using System.Xml.XPath;
using Finance.Core.Payables.Payments;

namespace Finance.Tests.Payables.Payments;

/// <summary>A written file parsed back, read by XPath with the prefix <c>p</c> for the pain.001.001.09 namespace.</summary>
internal sealed class Pain001Xml
{
    private readonly XmlNamespaceManager _ns = new(new NameTable());

    public Pain001Xml(PaymentRunFile run)
    {
        _ns.AddNamespace("p", Pain001Writer.Namespace);
        Text = Pain001Writer.Write(run);
        Document = XDocument.Parse(Text);
    }

    public string Text { get; }
    public XDocument Document { get; }

    public IReadOnlyList<XElement> All(string xpath) => [.. Document.XPathSelectElements(xpath, _ns)];

    public XElement One(string xpath, XNode? from = null)
    {
        var found = (from ?? Document).XPathSelectElements(xpath, _ns).ToList();
        Assert.True(found.Count == 1, $"{xpath}: expected one element, found {found.Count}");
        return found[0];
    }

    public string Value(string xpath, XNode? from = null) => One(xpath, from).Value;

    public bool Has(string xpath, XNode? from = null) => (from ?? Document).XPathSelectElements(xpath, _ns).Any();

    public static decimal Amount(string text) => decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    /// <summary>The transfer with this EndToEndId.</summary>
    public XElement Transfer(string endToEndId) => One($"//p:CdtTrfTxInf[p:PmtId/p:EndToEndId='{endToEndId}']");
}
