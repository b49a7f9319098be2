using System.Globalization;
using Finance.Core.Documents;
using Finance.Core.Invoicing.QrBill;
using Finance.Core.Reading.Extraction;

namespace Finance.Core.Reading;

/// <summary>The fields a Swiss QR-bill states, exactly (confidence 1): the payload is validated by <see cref="QrBillPayload"/>,
/// so account, reference and amount carry their check digits and rules. Swico S1 bill information (Swico "Syntax
/// definition of the bill information", v1.3) adds the invoice number, date, UID, VAT rate and terms.</summary>
internal static class QrBillFields
{
    public static List<ReadField> From(QrBill bill, int page)
    {
        var fields = new List<ReadField>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) fields.Add(new ReadField(name, value, 1m, ReadSource.QrBill, page));
        }
        Add(BillFields.SupplierName, bill.Creditor.Name);
        Add(BillFields.SupplierAddress, string.Join("\n", QrBillFormat.AddressLines(bill.Creditor).Skip(1)));
        Add(BillFields.Iban, bill.Account);
        Add(BillFields.Currency, bill.Currency);
        Add(BillFields.GrossAmount, bill.Amount is { } a ? Amounts.Format(a) : null);
        Add(BillFields.ReferenceType, bill.ReferenceType.ToString().ToUpperInvariant());
        Add(BillFields.Reference, bill.Reference);
        Add(BillFields.Message, bill.UnstructuredMessage);
        Add(BillFields.BillInformation, bill.BillInformation);
        Add(BillFields.DebtorName, bill.Debtor?.Name);
        Add(BillFields.DebtorAddress, bill.Debtor is null ? null : string.Join("\n", QrBillFormat.AddressLines(bill.Debtor).Skip(1)));
        foreach (var (name, value) in Swico(bill.BillInformation)) Add(name, value);
        return fields;
    }

    private static IEnumerable<(string Name, string Value)> Swico(string? information)
    {
        if (information is null || !information.StartsWith("//S1/", StringComparison.Ordinal)) yield break;
        // Tags and values alternate between unescaped slashes; "\/" is a slash inside a value.
        var parts = information[5..].Replace(@"\/", "\u0001", StringComparison.Ordinal).Split('/').Select(p => p.Replace('\u0001', '/')).ToArray();
        for (var i = 0; i + 1 < parts.Length; i += 2)
        {
            var value = parts[i + 1];
            switch (parts[i])
            {
                case "10": yield return (BillFields.InvoiceNumber, value); break;
                case "11" when DateOnly.TryParseExact(value, "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                    yield return (BillFields.InvoiceDate, Dates.Format(date)); break;
                case "30" when SwissUid.IsValid(value): yield return (BillFields.SupplierUid, SwissUid.Format(value)); break;
                case "32" when !value.Contains(';', StringComparison.Ordinal):
                    yield return (BillFields.VatRate, value.Split(':')[0]); break;
                case "40" when value.Split(';').Select(c => c.Split(':')).FirstOrDefault(c => c.Length == 2 && c[0] == "0") is { } terms:
                    yield return (BillFields.PaymentTermsDays, terms[1]); break;
            }
        }
    }
}
