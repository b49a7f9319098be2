using Finance.Core.Documents;
using Finance.Core.Invoicing.QrBill;

namespace Finance.Bench;

/// <summary>The bill both benchmarks render; bench/pdf/swissqrbill/bench.mjs holds the same data.</summary>
internal static class BenchData
{
    public static QrBill Bill() => new()
    {
        Account = "CH44 3199 9123 0008 8901 2",
        Creditor = new("Robert Schneider AG", "Rue du Lac", "1268", "2501", "Biel", "CH"),
        Amount = 1949.75m,
        Currency = "CHF",
        Debtor = new("Pia-Maria Rutschmann-Schnyder", "Grosse Marktgasse", "28", "9400", "Rorschach", "CH"),
        ReferenceType = QrReferenceType.Qrr,
        Reference = "210000000003139471430009017",
        UnstructuredMessage = "Bestellung vom 15. Oktober 2020",
    };

    public static InvoiceDocument Invoice() => new()
    {
        Language = "de",
        Number = "2020-3139",
        IssueDate = new DateOnly(2020, 10, 15),
        DueDate = new DateOnly(2020, 11, 14),
        Currency = "CHF",
        Company = new("Robert Schneider AG", ["Rue du Lac 1268", "2501 Biel"], "CHE-123.456.788 MWST"),
        Customer = new("Pia-Maria Rutschmann-Schnyder", ["Grosse Marktgasse 28", "9400 Rorschach"]),
        Lines =
        [
            new("Gartenarbeiten", 12, 95m, 0, 8.1m, 1140m),
            new("Entsorgung Grünschnitt", 1, 663.64m, 0, 8.1m, 663.64m),
        ],
        Totals = new(1803.64m, [new(8.1m, 1803.64m, 146.11m)], 146.11m, 1949.75m),
        PaymentTerms = "Zahlbar innert 30 Tagen netto.",
        QrBill = Bill(),
    };
}
