using System.Text.Json.Nodes;
using Finance.Workflows.Activities;
using Finance.Workflows.Expressions;
using Finance.Workflows.Model;

namespace Finance.Workflows.Validation;

/// <summary>
/// An activity step's inputs against its descriptor's input schema: every required input given, no input the activity
/// does not take (when its schema is closed), and a literal's type, enum and range as declared. Other expressions are
/// typed only at run time (they must still parse, which the expression rule checks). A headers input (marked
/// <see cref="ActivityDescriptor.HeadersKeyword"/>) may carry credentials only by secret reference.
/// </summary>
internal static class ActivityInputRules
{
    /// <summary>Headers that carry credentials: their value must be <c>{ secret: 'name' }</c>, never the credential itself.</summary>
    private static readonly HashSet<string> CredentialHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key",
    };

    public static void Check(ActivityStep step, ActivityDescriptor descriptor, string path, ValidationWalker walker)
    {
        var inputs = step.Input ?? new Dictionary<string, string>();
        var properties = descriptor.Properties.ToDictionary(p => p.Key, p => p.Value as JsonObject ?? [], StringComparer.Ordinal);
        foreach (var required in descriptor.RequiredInputs.Where(r => !inputs.ContainsKey(r)).Order(StringComparer.Ordinal))
        {
            walker.Error($"{path}.input.{required}", $"{descriptor.Name} needs the input \"{required}\".");
        }

        foreach (var (field, expression) in inputs)
        {
            var at = $"{path}.input.{field}";
            if (!properties.TryGetValue(field, out var schema))
            {
                if (!descriptor.AllowsOtherInputs)
                {
                    walker.Error(at, $"{descriptor.Name} has no input \"{field}\"; it takes {string.Join(", ", properties.Keys)}.");
                }
                continue;
            }

            if (ExpressionLiterals.TryRead(expression, out var literal) && LiteralError(schema, literal) is { } error)
            {
                walker.Error(at, error);
            }

            if (schema[ActivityDescriptor.HeadersKeyword] is not null)
            {
                CheckHeaders(expression, at, walker);
            }
        }
    }

    private static string? LiteralError(JsonObject schema, JsonNode? literal)
    {
        var actual = ExpressionLiterals.TypeOf(literal);
        var allowed = schema["type"] switch
        {
            JsonValue v => [(string)v!],
            JsonArray a => a.Select(t => (string)t!).ToList(),
            _ => null,
        };
        // JSON Schema: an integer is also a number.
        if (allowed is not null && !allowed.Contains(actual) && !(actual == "integer" && allowed.Contains("number")))
        {
            return $"Expected {string.Join(" or ", allowed)}, but the literal is {Describe(actual)}.";
        }

        if (schema["enum"] is JsonArray options && !options.Any(o => JsonNode.DeepEquals(o, literal)))
        {
            return $"Expected one of {string.Join(", ", options.Select(o => o?.ToJsonString()))}.";
        }

        if (literal is JsonValue number && actual is "integer" or "number")
        {
            var d = Number(number);
            if (schema["minimum"] is JsonValue min && d < Number(min)) return $"At least {min.ToJsonString()}.";
            if (schema["maximum"] is JsonValue max && d > Number(max)) return $"At most {max.ToJsonString()}.";
        }
        return null;
    }

    // A schema built in code holds an int where a parsed one holds a JsonElement: read either through its JSON text.
    private static double Number(JsonValue value) => double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(string type) => type switch
    {
        "integer" => "a number",
        "null" => "null",
        "object" or "array" => $"an {type}",
        _ => $"a {type}",
    };

    /// <summary>An object literal of headers: a credential header's value must be a secret reference, checked here at publish.</summary>
    private static void CheckHeaders(string expression, string path, ValidationWalker walker)
    {
        foreach (var (name, isLiteral, value) in ExpressionLiterals.ObjectProperties(expression) ?? [])
        {
            if (CredentialHeaders.Contains(name) && !(isLiteral && SecretReference.TryRead(value, out _, out _)))
            {
                walker.Error($"{path}.{name}", $"The {name} header must name a secret ({{ secret: 'name' }}, resolved from configuration Flows:Secrets:name), never carry the credential in the definition.");
            }
        }
    }
}
