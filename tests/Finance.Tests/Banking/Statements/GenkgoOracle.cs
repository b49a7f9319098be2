using System.Globalization;
using System.Text.Json.Nodes;

namespace Finance.Tests.Banking.Statements;

/// <summary>
/// Reads the genkgo/camt oracles: PHP objects dumped getter by getter. An object the dump has already written appears
/// again as the string "__RECURSIVITY__"; <see cref="List"/> and the tests follow the few ways that happens
/// (a list's first element repeats its singular getter, a second entry's statement repeats the first's). Amounts are in
/// minor units of the currency (moneyphp), dates are ISO 8601 in UTC.
/// </summary>
internal static class GenkgoOracle
{
    public const string Recursive = "__RECURSIVITY__";

    public static string Folder => Fixtures.Path_("camt", "genkgo-camt");

    public static IEnumerable<string> Names() =>
        Directory.GetFiles(Folder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal);

    public static JsonNode Load(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, name + ".json")))!;

    public static bool IsRecursive(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) && s == Recursive;

    public static JsonObject? Obj(this JsonNode? node, string key) => node is JsonObject o && o[key] is JsonObject child ? child : null;

    /// <summary>A scalar getter; "" counts as absent (genkgo returns "" for an empty AddtlNtryInf).</summary>
    public static string? Str(this JsonNode? node, string key)
    {
        if (node is not JsonObject o || o[key] is not JsonValue v) return null;
        var text = v.ToString();
        return text.Length == 0 || text == Recursive ? null : text;
    }

    /// <summary>The list under <paramref name="key"/>; its recursive first element is <paramref name="single"/>'s object.</summary>
    public static List<JsonObject> List(this JsonNode? node, string key, string? single)
    {
        var result = new List<JsonObject>();
        if (node is not JsonObject o || o[key] is not JsonArray items) return result;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is JsonObject item) result.Add(item);
            else if (IsRecursive(items[i]) && i == 0 && single is not null && node.Obj(single) is { } first) result.Add(first);
        }
        return result;
    }

    public static int Count(this JsonNode? node, string key) => node is JsonObject o && o[key] is JsonArray a ? a.Count : 0;

    public static string Type(this JsonNode? node) => node.Str("__CLASS__")!.Split('\\')[^1];

    public static decimal? Amount(this JsonNode? money)
    {
        if (money.Str("getAmount") is not { } minor) return null;
        return decimal.Parse(minor, CultureInfo.InvariantCulture) / Scale(money.Currency()!);
    }

    public static string? Currency(this JsonNode? money) => money.Obj("getCurrency").Str("getCode");

    public static DateTimeOffset? Instant(this JsonNode? node, string key) =>
        node.Obj(key).Str("0") is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : null;

    public static DateOnly? Date(this JsonNode? node, string key) =>
        node.Instant(key) is { } instant ? DateOnly.FromDateTime(instant.UtcDateTime) : null;

    /// <summary>ISO 4217 minor units of the currencies moneyphp scales differently from two decimals.</summary>
    private static decimal Scale(string currency) => currency switch
    {
        "JPY" or "KRW" or "ISK" or "CLP" or "VND" => 1m,
        "BHD" or "KWD" or "JOD" or "OMR" or "TND" or "IQD" or "LYD" => 1000m,
        _ => 100m,
    };

    /// <summary>genkgo's balance names (Genkgo\Camt\DTO\Balance) for the ISO 20022 BalanceType12Code values.</summary>
    public static string BalanceName(string code) => code switch
    {
        "OPBD" or "PRCD" => "opening",
        "OPAV" => "opening_available",
        "CLBD" => "closing",
        "CLAV" => "closing_available",
        "FWAV" => "forward_available",
        "INFO" => "information",
        "ITAV" => "interim_available",
        "ITBD" => "interim",
        "XPCD" => "expected_credit",
        _ => code,
    };
}
