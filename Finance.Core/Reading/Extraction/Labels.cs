using System.Text.RegularExpressions;

namespace Finance.Core.Reading.Extraction;

/// <summary>The words invoices put before their fields, in German, French, Italian and English (Swiss and EU layouts
/// from the corpus and our own invoices).</summary>
internal static partial class Labels
{
    [GeneratedRegex(@"rechnungs?\s*-?\s*(?:nummer|nr\.?)|rechnung\s+(?:nr\.?|no\.?)|\bbeleg\s*-?\s*(?:nummer|nr\.?)|invoice\s*(?:no\.?|number|nr\.?|#)|bill\s+no\.?|n[°o]\s*(?:de\s+)?facture|num[ée]ro\s+de\s+(?:la\s+)?facture|facture\s*(?:n[°o]\.?|num[ée]ro)|fattura\s*(?:n\.|nr\.?|numero|n°)|numero\s+(?:della\s+)?fattura|n\.\s*fattura|(?:\p{L}*rechnung\p{L}*|gutschrift|invoice|facture|avoir|fattura)\b(?:(?!bestell|auftrag|order|kunde|customer|commande|ordine|client|liefer|delivery|livraison|vertrag|contract)[^\d\n:]){0,40}?(?:\(\d{3}\)\s*)?\b(?:nr|no|n[°o])\.?(?=\s)", RegexOptions.IgnoreCase)]
    public static partial Regex InvoiceNumber();

    [GeneratedRegex(@"\b(?:\p{L}*rechnung|gutschrift|rechnungskorrektur|invoice|facture|avoir|fattura|nota\s+di\s+credito|credit\s+note)\b", RegexOptions.IgnoreCase)]
    public static partial Regex InvoiceWord();

    [GeneratedRegex(@"f[äa]llig(?:keit(?:sdatum)?)?(?:\s+am)?|zahlbar\s+(?:bis|am)|zahlungsziel|due\s+(?:date|on|by)|payable\s+(?:by|until|on)|[ée]ch[ée]ance|payable\s+jusqu|[àa]\s+payer\s+(?:avant|jusqu)|scadenza|pagabile\s+entro\s+il|da\s+pagare\s+entro\s+il|remit\s+(?:until|by)|pay(?:ment)?\s+(?:until|by)\b", RegexOptions.IgnoreCase)]
    public static partial Regex DueDate();

    [GeneratedRegex(@"rechnungsdatum|belegdatum|ausstellungsdatum|invoice\s+date|date\s+(?:de\s+(?:la\s+)?)?facture|data\s+(?:della\s+)?fattura|\bdatum\b|\bdate\b|\bdata\b|\bvom\b|\bdu\b|\bdel\b|\bdated\b", RegexOptions.IgnoreCase)]
    public static partial Regex InvoiceDate();

    [GeneratedRegex(@"liefer|leistung|bestell|auftrag|delivery|order|livraison|commande|prestation|consegna|ordine|zeitraum|p[ée]riode|period|abrechnungs|geburts|valuta|scadenza|f[äa]llig|[ée]ch[ée]ance|\bdue\b", RegexOptions.IgnoreCase)]
    public static partial Regex OtherDate();

    [GeneratedRegex(@"(?:zahlbar|payable|innert|innerhalb|within|dans\s+les|entro|zahlungsziel|terms|conditions|condizioni|zahlungsbedingungen|net(?:to)?|sans\s+escompte|ohne\s+abzug)\D{0,40}?(\d{1,3})\s*(?:tage|tagen|jours|giorni|gg\.?|days)|\bnet(?:to)?\s+(\d{1,3})\b", RegexOptions.IgnoreCase)]
    public static partial Regex Terms();

    [GeneratedRegex(@"net\s+[àa]\s+payer|inkl\.?|inklusive|incl\.?|including|\bttc\b|tva\s+(?:comprise|incluse)|iva\s+(?:compresa|inclusa)|brutto|gesamtbetrag|rechnungsbetrag|endbetrag|totalbetrag|zahlbetrag|zu\s+zahlen(?:der)?|f[äa]lliger\s+betrag|montant\s+total|montant\s+d[ûu]|total\s+[àa]\s+payer|totale\s+(?:fattura|da\s+pagare|complessivo|documento)|importo\s+totale|da\s+pagare|total\s+due|amount\s+due|grand\s+total|invoice\s+total|total\s+amount|balance\s+due|amount\s+payable|due\s+payable|total\s+payable", RegexOptions.IgnoreCase)]
    public static partial Regex Gross();

    [GeneratedRegex(@"exkl\.?|zzgl\.?|ohne\s+(?:mwst|ust)|excl\.?|excluding|hors\s+taxes?|\bht\b|esclus[ao]|netto|nettobetrag|zwischensumme|sous-total|subtotal|sub-total|net\s+amount|total\s+net|net\s+total|imponibile|steuerbasis|basisbetrag|warenwert|summe\s+positionen|before\s+tax|gesamtsumme\s+netto", RegexOptions.IgnoreCase)]
    public static partial Regex Net();

    [GeneratedRegex(@"\bmwst\b|\bmwst\.|mehrwertsteuer|\bust\b|\bust\.|umsatzsteuer|\btva\b|\biva\b|\bvat\b|steuerbetrag|tax\s+amount|\btax\b|\btaxes\b|\bsteuer\b", RegexOptions.IgnoreCase)]
    public static partial Regex Vat();

    [GeneratedRegex(@"\b(?:total|totale|summe|gesamt|betrag|montant|importo|amount)\b", RegexOptions.IgnoreCase)]
    public static partial Regex GenericTotal();

    [GeneratedRegex(@"(?:verk[äa]ufer|lieferant|rechnungssteller|leistungserbringer|seller|supplier|vendor|fournisseur|vendeur|[ée]metteur|fornitore|venditore|cedente)", RegexOptions.IgnoreCase)]
    public static partial Regex SellerHeading();

    [GeneratedRegex(@"(?:k[äa]ufer|kunde|rechnungsempf[äa]nger|leistungsempf[äa]nger|buyer|customer|bill\s+to|client|acheteur|destinataire|cliente|acquirente|committente)", RegexOptions.IgnoreCase)]
    public static partial Regex BuyerHeading();

    [GeneratedRegex(@"^\s*(?:name|nom|nome|firma|raison\s+sociale)\s*:\s*(.+)$", RegexOptions.IgnoreCase)]
    public static partial Regex NameField();

    [GeneratedRegex(@"\b(?:AG|GmbH|SA|S\.A\.|Sàrl|SARL|S\.à\s?r\.l\.|Srl|S\.r\.l\.|SAS|SE|Ltd\.?|Limited|Inc\.?|LLC|KG|OHG|e\.K\.|UG|Genossenschaft|Coop[ée]rative|Stiftung|Fondation|Verein|Association)(?=$|[\s,])")]
    public static partial Regex LegalForm();

    [GeneratedRegex(@"(?:ust\.?\s*-?\s*id\.?\s*-?\s*(?:nr\.?)?|ust-?idnr\.?|vat\s*(?:id|no\.?|number|reg(?:istration)?\.?(?:\s+no\.?)?)|tva\s+intracom\w*|n[°o]\s*(?:de\s+)?tva|num[ée]ro\s+(?:de\s+)?tva|partita\s+iva|p\.\s*iva|mwst-?nr\.?|identifiant\s+tva)[^A-Z\n]{0,20}\b([A-Z]{2}\s?[0-9A-Z]{8,12})\b", RegexOptions.IgnoreCase)]
    public static partial Regex EuVatNumber();

    // "Fr." only beside an amount: "Mo.-Fr. 08.30" (Monday to Friday) is no Swiss franc.
    [GeneratedRegex(@"\b(CHF|EUR|USD|GBP)\b|(€)|(£)|(?<=\d\s?)(S?Fr\.)|(?<![\p{L}.-])(S?Fr\.)(?=\s?\d)", RegexOptions.IgnoreCase)]
    public static partial Regex Currency();

    /// <summary>"Währung: EUR": the currency named by a label, which outweighs any count of symbols.</summary>
    [GeneratedRegex(@"\b(?:w[äa]hrung|currency|devise|monnaie|valuta)\b\s*:?\s*(CHF|EUR|USD|GBP)\b", RegexOptions.IgnoreCase)]
    public static partial Regex CurrencyLabel();

    /// <summary>"IBAN: DE12 1234 …": a labelled account number, read even when it is no valid IBAN.</summary>
    [GeneratedRegex(@"\bIBAN\b\s*:?\s*([A-Z]{2}\d{2}(?:\s?[A-Z0-9]{1,4}){2,8})(?![A-Z0-9])")]
    public static partial Regex IbanLabel();

    [GeneratedRegex(@"\d{4,5}\s+\p{Lu}|\p{L}+\s+\d+\w?\s*$|\p{L}+(?:strasse|straße|str\.|weg|gasse|platz|rue|avenue|chemin|via|road|street)", RegexOptions.IgnoreCase)]
    public static partial Regex AddressLine();
}
