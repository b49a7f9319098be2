using Finance.Core.Invoicing.QrBill;

namespace Finance.Tests.Documents;

/// <summary>Valid QR-bills at the field limits of SIX IG QR-bill 2.3, "Data elements": name and street 70
/// characters, building number and postal code 16, town 35, message and bill information 140 together, two
/// alternative schemes of 100. The ultimate creditor stays empty, as version 0200 requires.</summary>
internal static class SlipWorstCases
{
    public const string WordsName = "Wohnbaugenossenschaft Zürich-Oerlikon und Umgebung für Familien & Cie.";
    public const string OneWordName = "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtenge";
    public const string WordsStreet = "Rue de la Grande Fontaine des Anciens Moulins et de la Vieille Tanneri";
    public const string OneWordStreet = "Hauptbahnhofunterführungsquerverbindungsfussgängerpassagenzugangswegen";
    public const string Building = "12a-14b Stock 3W";
    public const string PostalCode = "1234567890123456";
    public const string Town = "Saint-Pierre-de-Chartreuse-les-Bain";
    public const string OneWordTown = "Llanfairpwllgwyngyllgogerychwyrndro";

    public const string Message140 = "Rechnung 2024-000123 vom 15.06.2024, Projekt Sanierung Wohnüberbauung Seefeld, "
        + "Etappe 3, Bauleitung und Honorar gemäss Vertrag vom 01.02.245";
    public const string Message55 = "Rechnung 2024-000123 vom 15.06.2024, Projekt Seefeld 3a";

    // The 84-character Swico S1 example of the shared fixtures (swico_s1_bill_information) with one more digit
    // in the document reference: 85 characters and not one space to wrap at.
    public const string BillInfo85 = "//S1/10/10201409/11/190512/20/1400.000-531/30/106017086/31/180508/32/7.7/40/2:10;0:30";

    private const string QrIban = "CH44 3199 9123 0008 8901 2", Iban = "CH58 0079 1123 0008 8901 2";
    private const string QrReference = "210000000003139471430009017";

    /// <summary>"words", "caps" (the same, upper case: wider glyphs), "oneword" (no space anywhere) or "widest"
    /// (every character '@', the widest glyph of the font in the QR-bill character set: valid, if unlikely).</summary>
    public static QrAddress Address(string style, string country) => style switch
    {
        "widest" => new(Widest(70), Widest(70), Widest(16), Widest(16), Widest(35), country),
        "words" => new(WordsName, WordsStreet, Building, PostalCode, Town, country),
        "caps" => new(WordsName.ToUpperInvariant(), WordsStreet.ToUpperInvariant(), Building.ToUpperInvariant(), PostalCode, Town.ToUpperInvariant(), country),
        "oneword" => new(OneWordName, OneWordStreet, PostalCode, PostalCode, OneWordTown, country),
        _ => throw new ArgumentOutOfRangeException(nameof(style)),
    };

    /// <summary>Creditor and debtor in <paramref name="style"/> (see <see cref="Address"/>); <paramref name="info"/> is
    /// "message" (140 characters) or "billinfo" (a 55-character message and the 85-character bill information).</summary>
    public static QrBill Bill(string style, string info, string currency, bool withAmount, QrReferenceType reference) => new()
    {
        Account = reference == QrReferenceType.Qrr ? QrIban : Iban,
        Creditor = Address(style, "CH"),
        Debtor = Address(style, "DE"),
        Amount = withAmount ? QrBillValidator.MaxAmount : null,
        Currency = currency,
        ReferenceType = reference,
        // The longest of each kind: 27 digits, and RF + 2 check digits + 21 characters.
        Reference = reference == QrReferenceType.Qrr ? QrReference : CreditorReference.Create("539007547034ABCDEFGHI"),
        UnstructuredMessage = style == "widest" ? Widest(140) : info == "message" ? Message140 : Message55,
        BillInformation = info == "message" ? null : BillInfo85,
    };

    /// <summary>Every field at its limit: the largest payload a bill can carry.</summary>
    public static QrBill Maximal() => Bill("caps", "billinfo", "CHF", true, QrReferenceType.Qrr) with
    {
        AlternativeSchemes = [Scheme("eBill/B/"), Scheme("UV;UltraPay005;")],
    };

    private static string Widest(int length) => new('@', length);

    private static string Scheme(string prefix) => prefix + new string('7', 100 - prefix.Length);
}
