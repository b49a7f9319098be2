using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Finance.Tests.Api.Hardening;

/// <summary>
/// One bad input made from a valid body: <see cref="Apply"/> turns a body of the example's shape into the bad text.
/// <see cref="ClearlyInvalid"/> ones (NUL, 1 MB strings, out-of-range dates, missing required numbers…) may never be accepted.
/// </summary>
public sealed record Mutation(string Field, string Kind, bool ClearlyInvalid, Func<JsonNode, string> Apply);

/// <summary>
/// Generates bad bodies mechanically by walking the example's JSON: every string, date and number leaf, every array,
/// and the body as a whole. A path is a list of object keys (string) and array indexes (int).
/// </summary>
public static partial class JsonMutations
{
    public const int Megabyte = 1 << 20;

    public static IEnumerable<Mutation> Of(JsonNode example, JsonNode? schema)
    {
        foreach (var (path, leaf) in Leaves(example, []))
        {
            var field = FieldName(path);
            if (leaf.GetValueKind() == JsonValueKind.String)
            {
                yield return Set(field, path, "NUL character", true, "a\u0000b");
                yield return Set(field, path, "1 MB string", true, new string('x', Megabyte));
                if (!IsoDate().IsMatch((string)leaf!)) continue;
                yield return Set(field, path, "date 9999-12-31", true, "9999-12-31");
                yield return Set(field, path, "date 0001-01-01", true, "0001-01-01");
            }
            else if (leaf.GetValueKind() == JsonValueKind.Number)
            {
                if (OpenApiOperations.IsRequired(schema, path)) yield return new(field, "missing required number", true, body => Edit(body, path, null, remove: true));
                yield return Set(field, path, "string instead of a number", false, "x");
                yield return new(field, "1e30", false, body => Edit(body, path, JsonNode.Parse("1e30")));
                yield return Set(field, path, "-1", false, -1);
            }
        }
        foreach (var path in Arrays(example, []))
        {
            yield return new(FieldName(path), "10,000 elements", false, body => Edit(body, path, Repeat(Find(body, path)!.AsArray()[0], 10_000)));
        }
        yield return new("(body)", "malformed JSON", false, body => body.ToJsonString()[..^1] + ",");
        yield return new("(body)", "empty body", false, _ => "");
        yield return new("(body)", "null", false, _ => "null");
        yield return new("(body)", "array instead of an object", false, body => $"[{body.ToJsonString()}]");
        yield return new("(body)", "30 MB body", false, ThirtyMegabytes);
    }

    /// <summary>The body with its first string (or a new <c>padding</c> property) 30 MB long.</summary>
    private static string ThirtyMegabytes(JsonNode body)
    {
        var big = new string('x', 30 * Megabyte);
        var first = Leaves(body, []).FirstOrDefault(l => l.Leaf.GetValueKind() == JsonValueKind.String).Path;
        if (first is not null) return Edit(body, first, big);
        var copy = body.DeepClone();
        if (copy is JsonObject o) o["padding"] = big;
        return copy.ToJsonString();
    }

    private static Mutation Set<T>(string field, IReadOnlyList<object> path, string kind, bool clearlyInvalid, T value) =>
        new(field, kind, clearlyInvalid, body => Edit(body, path, JsonValue.Create(value)));

    /// <summary>A copy of <paramref name="body"/> with the node at <paramref name="path"/> replaced (or removed), as JSON text.</summary>
    public static string Edit(JsonNode body, IReadOnlyList<object> path, JsonNode? value, bool remove = false)
    {
        var copy = body.DeepClone();
        var parent = Find(copy, path.Take(path.Count - 1).ToList())!;
        switch (path[^1])
        {
            case string name when remove: parent.AsObject().Remove(name); break;
            case string name: parent[name] = value; break;
            case int index: parent.AsArray()[index] = value; break;
        }
        return copy.ToJsonString();
    }

    public static JsonNode? Find(JsonNode? node, IReadOnlyList<object> path) =>
        path.Aggregate(node, (n, step) => step is int i ? n?.AsArray()[i] : n?[(string)step]);

    public static string FieldName(IReadOnlyList<object> path) =>
        path.Count == 0 ? "(body)" : string.Concat(path.Select((p, i) => p is int n ? $"[{n}]" : i == 0 ? (string)p : "." + p));

    private static JsonArray Repeat(JsonNode? element, int count) => [.. Enumerable.Range(0, count).Select(_ => element?.DeepClone())];

    private static IEnumerable<(List<object> Path, JsonNode Leaf)> Leaves(JsonNode? node, List<object> path) => node switch
    {
        JsonObject o => o.SelectMany(p => Leaves(p.Value, [.. path, p.Key])),
        JsonArray a => a.SelectMany((e, i) => Leaves(e, [.. path, i])),
        JsonValue v => [(path, v)],
        _ => [],
    };

    private static IEnumerable<List<object>> Arrays(JsonNode? node, List<object> path) => node switch
    {
        JsonObject o => o.SelectMany(p => Arrays(p.Value, [.. path, p.Key])),
        JsonArray { Count: > 0 } a => a.SelectMany((e, i) => Arrays(e, [.. path, i])).Prepend(path),
        _ => [],
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}$")]
    private static partial Regex IsoDate();
}
