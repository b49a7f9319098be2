namespace Finance.Core.Documents;

/// <summary>The fixed headings of the payment part in the four languages the guidelines define
/// (SIX IG QR-bill 2.3, annex "Field headings"). Unknown languages fall back to English.</summary>
internal sealed record QrBillTexts(
    string Receipt, string PaymentPart, string Account, string Reference, string AdditionalInformation,
    string PayableBy, string PayableByBlank, string Currency, string Amount, string AcceptancePoint, string SeparateBeforePaying)
{
    private static readonly QrBillTexts En = new("Receipt", "Payment part", "Account / Payable to", "Reference",
        "Additional information", "Payable by", "Payable by (name/address)", "Currency", "Amount", "Acceptance point",
        "Separate before paying in");

    private static readonly QrBillTexts De = new("Empfangsschein", "Zahlteil", "Konto / Zahlbar an", "Referenz",
        "Zusätzliche Informationen", "Zahlbar durch", "Zahlbar durch (Name/Adresse)", "Währung", "Betrag", "Annahmestelle",
        "Vor der Einzahlung abzutrennen");

    private static readonly QrBillTexts Fr = new("Récépissé", "Section paiement", "Compte / Payable à", "Référence",
        "Informations supplémentaires", "Payable par", "Payable par (nom/adresse)", "Monnaie", "Montant", "Point de dépôt",
        "A détacher avant le versement");

    private static readonly QrBillTexts It = new("Ricevuta", "Sezione pagamento", "Conto / Pagabile a", "Riferimento",
        "Informazioni supplementari", "Pagabile da", "Pagabile da (nome/indirizzo)", "Valuta", "Importo", "Punto di accettazione",
        "Da staccare prima del versamento");

    public IEnumerable<string> All =>
        [Receipt, PaymentPart, Account, Reference, AdditionalInformation, PayableBy, PayableByBlank, Currency, Amount, AcceptancePoint, SeparateBeforePaying];

    public static QrBillTexts For(string language) => language.ToLowerInvariant() switch
    {
        "de" => De,
        "fr" => Fr,
        "it" => It,
        _ => En,
    };
}
