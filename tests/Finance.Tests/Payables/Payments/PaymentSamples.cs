using System.Text.Json.Nodes;
using Finance.Core.Payables.Payments;

namespace Finance.Tests.Payables.Payments;

/// <summary>Runs built from the shared vectors (fixtures/README.md), so every IBAN and reference is a real one.</summary>
internal static class PaymentSamples
{
    private static JsonNode Qr => Fixtures.QrBillVectors;
    private static IEnumerable<JsonNode> Combinations => Qr["account_reference_combination_rules"]!.AsArray().Select(n => n!);
    private static IEnumerable<JsonNode> QrrVectors => Qr["qr_reference"]!["validate"]!.AsArray().Select(n => n!);

    public static string QrIban => Detection(isQrIban: true);
    public static string DebtorIban => Detection(isQrIban: false);
    public static string Qrr => (string)QrrVectors.First(v => (bool?)v["expected_valid_upstream"] == true)["input"]!;
    public static string QrrBadCheckDigit =>
        (string)QrrVectors.First(v => ((string)v["source"]!).Contains("wrong check digit", StringComparison.Ordinal))["input"]!;

    /// <summary>The normal IBAN the vectors pair with a SCOR reference ("ref_type SCOR").</summary>
    public static (string Iban, string Scor) IbanWithScor
    {
        get
        {
            var v = Combinations.First(c => (string?)c["note"] == "ref_type SCOR");
            return ((string)v["account"]!, (string)v["reference"]!);
        }
    }

    public static string IbanBadCheckDigits => (string)Combinations.First(c => ((string?)c["error"] ?? "").Contains("checksum", StringComparison.Ordinal))["account"]!;

    public static string GermanIban => (string)Fixtures.IbanVectors["php_iban_example_ibans"]!["by_country"]!["DE"]![0]!["raw"]!;

    public static readonly PostalAddress Zurich = new("Bahnhofstrasse", "1", "8001", "Zürich", "CH");

    public static PaymentDebtor Debtor(string? bic = "UBSWCHZH80A") =>
        new("Muster Holding AG", DebtorIban, bic, new PostalAddress("Seestrasse", "12", "6300", "Zug", "CH"));

    public static CreditTransfer QrPayment(string endToEndId, decimal amount) =>
        new(endToEndId, "Robert Schneider AG", new("Rue du Lac", "1268", "2501", "Biel", "CH"), QrIban, amount, "CHF",
            RemittanceKind.Qrr, Qrr, null);

    public static CreditTransfer ScorPayment(string endToEndId, decimal amount) =>
        new(endToEndId, "Pia Rutschmann", Zurich, IbanWithScor.Iban, amount, "CHF", RemittanceKind.Scor, IbanWithScor.Scor, null);

    public static CreditTransfer TextPayment(string endToEndId, decimal amount, string currency = "CHF", string? iban = null) =>
        new(endToEndId, "Lieferant GmbH", new(null, null, "10115", "Berlin", "DE"), iban ?? GermanIban, amount, currency,
            RemittanceKind.Unstructured, null, "Rechnung 4711");

    public static PaymentRunFile Run(params CreditTransfer[] transfers) =>
        new("PR-2026-0042", new DateTimeOffset(2026, 12, 2, 9, 30, 15, TimeSpan.FromHours(1)), new DateOnly(2026, 12, 4), Debtor(), transfers);

    /// <summary>A QR payment, a SCOR payment in CHF, an unstructured CHF one and two EUR ones: three B levels.</summary>
    public static PaymentRunFile Mixed() => Run(
        QrPayment("E2E-1", 3949.75m),
        ScorPayment("E2E-2", 100.10m),
        TextPayment("E2E-3", 250m, "EUR"),
        QrPayment("E2E-4", 0.05m),
        TextPayment("E2E-5", 1000.01m, "EUR"));

    private static string Detection(bool isQrIban) =>
        (string)Qr["qr_iban_detection"]!["vectors"]!.AsArray()
            .First(v => (bool)v!["is_qr_iban"]! == isQrIban && !((string)v["iban"]!).Contains(' ', StringComparison.Ordinal))!["iban"]!;
}
