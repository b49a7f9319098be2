using System.Globalization;

namespace Finance.Core.Documents;

/// <summary>Labels of the invoice in the customer's language; unknown languages fall back to English.
/// <see cref="Rounding"/>, <see cref="Draft"/> and <see cref="Terms"/> fill the document itself (line, number,
/// payment terms), which the font subset covers through those fields.</summary>
internal sealed record InvoiceTexts(
    string Invoice, string Number, string Date, string DueDate, string VatNumber, string Description, string Quantity,
    string UnitPrice, string Discount, string Vat, string Amount, string NetTotal, string VatOn,
    string Total, string PaymentTerms, string Page, string Continued, string Rounding, string Draft, string TermsFormat)
{
    private static readonly InvoiceTexts En = new("Invoice", "Invoice no.", "Date", "Due date", "VAT no.", "Description", "Qty",
        "Unit price", "Disc.", "VAT", "Amount", "Net total", "VAT {0} % on {1}", "Total", "Payment terms", "Page", "continued",
        "Cash rounding", "Draft", "Payable within {0} days, net.");

    private static readonly InvoiceTexts De = new("Rechnung", "Rechnungsnr.", "Datum", "Fällig am", "MWST-Nr.", "Beschreibung", "Menge",
        "Einzelpreis", "Rabatt", "MWST", "Betrag", "Total netto", "MWST {0} % auf {1}", "Total", "Zahlungsbedingungen", "Seite", "Fortsetzung",
        "Rundungsdifferenz", "Entwurf", "Zahlbar innert {0} Tagen, netto.");

    private static readonly InvoiceTexts Fr = new("Facture", "Facture n°", "Date", "Échéance", "N° TVA", "Désignation", "Qté",
        "Prix unitaire", "Rabais", "TVA", "Montant", "Total net", "TVA {0} % sur {1}", "Total", "Conditions de paiement", "Page", "suite",
        "Arrondi", "Brouillon", "Payable dans les {0} jours, net.");

    private static readonly InvoiceTexts It = new("Fattura", "Fattura n.", "Data", "Scadenza", "N. IVA", "Descrizione", "Qtà",
        "Prezzo unitario", "Sconto", "IVA", "Importo", "Totale netto", "IVA {0} % su {1}", "Totale", "Condizioni di pagamento", "Pagina", "continua",
        "Arrotondamento", "Bozza", "Pagabile entro {0} giorni, netto.");

    public IEnumerable<string> All =>
        [Invoice, Number, Date, DueDate, VatNumber, Description, Quantity, UnitPrice, Discount, Vat, Amount, NetTotal,
            VatOn, Total, PaymentTerms, Page, Continued];

    public string Terms(int days) => string.Format(CultureInfo.InvariantCulture, TermsFormat, days);

    public static InvoiceTexts For(string language) => language.ToLowerInvariant() switch
    {
        "de" => De,
        "fr" => Fr,
        "it" => It,
        _ => En,
    };
}
