using System.Globalization;
using Finance.Core.Invoicing;
using Finance.Core.Invoicing.QrBill;

namespace Finance.Core.Documents;

/// <summary>How values are printed on the payment part (SIX IG QR-bill 2.3, "Payment part" sections).</summary>
public static class QrBillFormat
{
    private static readonly NumberFormatInfo Spaced =
        NumberFormatInfo.ReadOnly(new NumberFormatInfo { NumberGroupSeparator = " ", NumberDecimalSeparator = ".", NumberGroupSizes = [3] });

    /// <summary>Two decimals, a space between thousands: "1 234.56".</summary>
    public static string Amount(decimal amount) => InvoiceCalculator.Round2(amount).ToString("N2", Spaced);

    public static string Reference(QrBill bill) => bill.ReferenceType switch
    {
        QrReferenceType.Qrr => QrReference.Format(bill.Reference!),
        QrReferenceType.Scor => CreditorReference.Format(bill.Reference!),
        _ => "",
    };

    /// <summary>Name, street line, town line. Foreign towns carry the country code ("DE-80331 München").
    /// Without <paramref name="street"/> the street line is left out, as the receipt may do when space is short
    /// (SIX IG QR-bill 2.3 §3.5, "Receipt"); a combined address then keeps only its second line.</summary>
    public static IEnumerable<string> AddressLines(QrAddress a, bool street = true)
    {
        yield return a.Name;
        if (a.Type == QrAddressType.Combined)
        {
            if (street && !string.IsNullOrEmpty(a.Street)) yield return a.Street;
            yield return a.BuildingNumber ?? "";
            yield break;
        }
        if (street && !string.IsNullOrEmpty(a.Street)) yield return StreetLine(a.Street, a.BuildingNumber);
        var country = a.Country is "CH" or "LI" ? "" : a.Country + "-";
        yield return $"{country}{a.PostalCode} {a.Town}";
    }

    /// <summary>"Street 12", or the street alone without a building number.</summary>
    public static string StreetLine(string street, string? buildingNumber) =>
        string.IsNullOrEmpty(buildingNumber) ? street : $"{street} {buildingNumber}";
}
