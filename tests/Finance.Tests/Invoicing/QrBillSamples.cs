using Finance.Core.Invoicing.QrBill;

namespace Finance.Tests.Invoicing;

internal static class QrBillSamples
{
    public static readonly QrAddress Creditor = new("Robert Schneider AG", "Rue du Lac", "1268", "2501", "Biel", "CH");

    /// <summary>SIX IG example 1: QR-IBAN with QR reference and Swico bill information.</summary>
    public static QrBill WithQrReference() => new()
    {
        Account = "CH44 3199 9123 0008 8901 2",
        Creditor = Creditor,
        Amount = 1949.75m,
        Currency = "CHF",
        Debtor = new("Pia-Maria Rutschmann-Schnyder", "Grosse Marktgasse", "28", "9400", "Rorschach", "CH"),
        ReferenceType = QrReferenceType.Qrr,
        Reference = "21 00000 00003 13947 14300 09017",
        UnstructuredMessage = "Auftrag vom 15.06.2020",
        BillInformation = "//S1/10/10201409/11/200701/20/140.000-53/30/102673831/31/200615/32/7.7/33/7.7:2.5/40/0:30",
    };

    /// <summary>A plain IBAN with a creditor reference and an accented creditor name.</summary>
    public static QrBill WithAccents() => new()
    {
        Account = "CH58 0079 1123 0008 8901 2",
        Creditor = new("Société Générale de Déménagement Sàrl", "Avenue de la Gare", "12", "1003", "Lausanne", "CH"),
        Amount = 1234.50m,
        Currency = "CHF",
        Debtor = new("Jürg Müller-Lüthi", "Bahnhofstrasse", "7a", "8001", "Zürich", "CH"),
        ReferenceType = QrReferenceType.Scor,
        Reference = "RF18539007547034",
        UnstructuredMessage = "Facture n° 2024-0042, déménagement",
    };
}
