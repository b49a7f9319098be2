using System.Text.Json.Nodes;
using Finance.Tests.Infrastructure;

namespace Finance.Tests;

/// <summary>
/// Reads the shared test data (fixtures/README.md) in <see cref="Repo.Fixtures"/>. The two vector files are parsed once
/// and their nodes shared by every test (concurrent reads are safe): read them, never change them.
/// </summary>
internal static class Fixtures
{
    private static readonly Lazy<JsonNode> LazyQrBillVectors = new(() => Json("qr-bill", "qr-bill-test-vectors.json"));
    private static readonly Lazy<JsonNode> LazyIbanVectors = new(() => Json("iban-creditor-ref", "iban-and-reference-vectors.json"));

    public static string Path_(params string[] parts) => Path.Combine([Repo.Fixtures, .. parts]);

    public static JsonNode Json(params string[] parts) => JsonNode.Parse(File.ReadAllText(Path_(parts)))!;

    public static JsonNode QrBillVectors => LazyQrBillVectors.Value;

    public static JsonNode IbanVectors => LazyIbanVectors.Value;
}
