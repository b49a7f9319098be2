using System.Globalization;
using System.Text.RegularExpressions;
using Finance.Core.Reading;

namespace Finance.Core.Payables;

/// <summary>
/// The supplier a confirmed bill describes, from its read fields: name, address (the QR-bill's two address lines, or the
/// letterhead's), UID and VAT number, the IBAN it is paid to, its VAT rate and payment terms. A person confirmed the bill,
/// so its supplier becomes known and recognises the next bill by IBAN or UID.
/// </summary>
public static partial class SupplierFromBill
{
    public static SupplierInput? Input(Bill bill)
    {
        ArgumentNullException.ThrowIfNull(bill);
        var name = Field(bill, BillFields.SupplierName);
        if (name is null) return null;
        var (street, number, postalCode, town) = Address(Field(bill, BillFields.SupplierAddress));
        var uid = Field(bill, BillFields.SupplierUid);
        return new SupplierInput(
            name.Length > 70 ? name[..70] : name,
            street, number, postalCode, town,
            // The account's country is the supplier's in nearly every case (a Swiss supplier banks in CH or LI).
            Country: bill.Iban is { Length: > 2 } iban && char.IsAsciiLetter(iban[0]) && char.IsAsciiLetter(iban[1]) ? iban[..2] : "CH",
            Uid: uid is not null && SwissUid.TryNormalize(uid, out var normalized) ? normalized : null,
            VatNumber: Field(bill, BillFields.SupplierVatNumber),
            DefaultVatRate: bill.VatRate is { } rate && Invoicing.VatRates.IsAllowed(rate) ? rate : null,
            PaymentTermsDays: Terms(bill),
            Ibans: bill.Iban is { } account ? [account] : []);
    }

    private static string? Field(Bill bill, string name) =>
        bill.Fields.FirstOrDefault(f => f.Name == name)?.Value is { Length: > 0 } value ? value.Trim() : null;

    // Terms as read, else as the bill's dates imply (due − invoice date), else the supplier default.
    private static int Terms(Bill bill)
    {
        if (int.TryParse(Field(bill, BillFields.PaymentTermsDays), NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 0 and <= 365)
        {
            return days;
        }
        return bill is { InvoiceDate: { } issued, DueDate: { } due } && due.DayNumber - issued.DayNumber is >= 0 and <= 365 and var span ? span : 30;
    }

    /// <summary>"Rue du Lac 12\n1204 Genève" → street, number, postal code, town; whatever does not fit is left out.</summary>
    private static (string? Street, string? Number, string? PostalCode, string? Town) Address(string? text)
    {
        if (text is null) return (null, null, null, null);
        string? street = null, number = null, postalCode = null, town = null;
        foreach (var line in text.Split(['\n', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (PostalTown().Match(line) is { Success: true } place)
            {
                postalCode ??= place.Groups["code"].Value;
                town ??= place.Groups["town"].Value;
            }
            else if (street is null && StreetNumber().Match(line) is { Success: true } s)
            {
                street = s.Groups["street"].Value;
                number = s.Groups["number"].Success && s.Groups["number"].Value.Length > 0 ? s.Groups["number"].Value : null;
            }
        }
        return (street, number, postalCode, town);
    }

    [GeneratedRegex(@"^(?:[A-Z]{2}-)?(?<code>\d{4,5})\s+(?<town>\p{L}[\p{L} .'-]*)$")]
    private static partial Regex PostalTown();

    [GeneratedRegex(@"^(?<street>\p{L}[\p{L} .'-]*?)(?:\s+(?<number>\d+[a-zA-Z]?))?$")]
    private static partial Regex StreetNumber();
}
