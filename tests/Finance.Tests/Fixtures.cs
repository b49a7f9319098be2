using System.Text.Json.Nodes;

namespace Finance.Tests;

/// <summary>Reads the shared test data (fixtures/README.md): it lives in <c>&lt;repo&gt;/../shared/fixtures</c>.</summary>
internal static class Fixtures
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("shared/fixtures not found above " + AppContext.BaseDirectory);
    });

    public static string Path_(params string[] parts) => Path.Combine([Root.Value, .. parts]);

    public static JsonNode Json(params string[] parts) => JsonNode.Parse(File.ReadAllText(Path_(parts)))!;

    public static JsonNode QrBillVectors => Json("qr-bill", "qr-bill-test-vectors.json");

    public static JsonNode IbanVectors => Json("iban-creditor-ref", "iban-and-reference-vectors.json");
}
