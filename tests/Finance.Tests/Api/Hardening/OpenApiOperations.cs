using System.Text.Json.Nodes;

namespace Finance.Tests.Api.Hardening;

/// <summary>
/// Walks <c>/openapi/v1.json</c>: every operation, its parameters and its JSON body schema (<c>$ref</c>s resolved), so
/// the suites follow the document instead of a list of routes kept by hand.
/// </summary>
public sealed class OpenApiOperations(JsonNode document)
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    public IReadOnlyList<ApiOperation> All { get; } = [.. Read(document)];

    public static async Task<OpenApiOperations> LoadAsync(HttpClient anonymous) =>
        new(JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json"))!);

    private static IEnumerable<ApiOperation> Read(JsonNode document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var method in Methods.Where(m => item![m] is not null))
            {
                var operation = item![method]!;
                var parameters = operation["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
                yield return new ApiOperation(method.ToUpperInvariant(), path, (string?)operation["operationId"] ?? $"{method} {path}",
                    Parameters(parameters, "path"), Parameters(parameters, "query"),
                    operation["requestBody"]?["content"]?["application/json"]?["schema"] is { } schema ? Resolve(document, schema) : null,
                    operation["responses"]?["200"]?["content"]?["text/event-stream"] is not null);
            }
        }
    }

    private static List<ApiParameter> Parameters(List<JsonNode> parameters, string location) =>
        [.. parameters.Where(p => (string?)p["in"] == location).Select(p => new ApiParameter((string)p["name"]!, p["schema"]?["type"]?.ToJsonString() ?? "any"))];

    /// <summary>The schema with every <c>$ref</c> (and <c>oneOf</c> of null and one schema) replaced by what it names.</summary>
    private static JsonNode Resolve(JsonNode document, JsonNode schema, int depth = 0)
    {
        if (depth > 20) return schema.DeepClone();
        if ((string?)schema["$ref"] is { } reference)
        {
            var name = reference["#/components/schemas/".Length..];
            return Resolve(document, document["components"]!["schemas"]![name]!, depth + 1);
        }
        if (schema["oneOf"]?.AsArray().FirstOrDefault(s => s?["$ref"] is not null) is { } named) return Resolve(document, named, depth + 1);
        var copy = schema.DeepClone().AsObject();
        if (copy["properties"] is JsonObject properties)
        {
            foreach (var name in properties.Select(p => p.Key).ToList()) properties[name] = Resolve(document, properties[name]!, depth + 1);
        }
        if (copy["items"] is { } items) copy["items"] = Resolve(document, items, depth + 1);
        return copy;
    }

    /// <summary>Whether the schema lists the field at <paramref name="path"/> (object keys; array indexes step into <c>items</c>) as required.</summary>
    public static bool IsRequired(JsonNode? schema, IReadOnlyList<object> path)
    {
        for (var i = 0; i < path.Count && schema is not null; i++)
        {
            if (path[i] is int)
            {
                schema = schema["items"];
                continue;
            }
            var name = (string)path[i];
            if (i == path.Count - 1) return schema["required"]?.AsArray().Any(r => (string?)r == name) == true;
            schema = schema["properties"]?[name];
        }
        return false;
    }
}
