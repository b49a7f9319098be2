using System.Globalization;
using System.Text.Json.Nodes;
using Acornima;
using Acornima.Ast;

namespace Finance.Workflows.Expressions;

/// <summary>
/// Reads an expression that is a plain literal (<c>'EUR'</c>, <c>3</c>, <c>-1.5</c>, <c>true</c>, <c>null</c>, an object
/// or array of literals) as the JSON it evaluates to, without running it: what lets the validator check a step input's
/// type at publish. Anything that reads a variable, calls or computes is not a literal, and is left to run time.
/// </summary>
public static class ExpressionLiterals
{
    /// <summary>True when <paramref name="expression"/> parses and is a literal; <paramref name="value"/> is its JSON (null for <c>null</c>).</summary>
    public static bool TryRead(string expression, out JsonNode? value)
    {
        value = null;
        return Root(expression) is { } root && TryConvert(root, out value);
    }

    /// <summary>
    /// For an object literal, each property's name and, when the property's value is itself a literal, that value
    /// (<c>IsLiteral</c> false otherwise). Null when the expression is not an object literal or does not parse.
    /// </summary>
    public static IReadOnlyList<(string Name, bool IsLiteral, JsonNode? Value)>? ObjectProperties(string expression)
    {
        if (Root(expression) is not ObjectExpression obj) return null;
        var properties = new List<(string, bool, JsonNode?)>();
        foreach (var node in obj.Properties)
        {
            if (node is not Property property || KeyOf(property) is not { } key) return null;
            properties.Add(TryConvert(property.Value, out var value) ? (key, true, value) : (key, false, null));
        }
        return properties;
    }

    /// <summary>The JSON Schema type name of a literal value: string, integer, number, boolean, null, object, array.</summary>
    public static string TypeOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
            _ => double.IsInteger(double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture)) ? "integer" : "number",
        },
        _ => "number",
    };

    private static Node? Root(string expression)
    {
        try
        {
            var script = new Parser(new ParserOptions { EcmaVersion = EcmaVersion.Latest }).ParseScript(expression, strict: true);
            return script.Body is [ExpressionStatement statement] ? Unwrap(statement.Expression) : null;
        }
        catch (ParseErrorException)
        {
            return null;
        }
    }

    private static Node Unwrap(Node node) => node is ParenthesizedExpression p ? Unwrap(p.Expression) : node;

    private static bool TryConvert(Node node, out JsonNode? value)
    {
        value = null;
        switch (Unwrap(node))
        {
            case StringLiteral s:
                value = s.Value;
                return true;
            case NumericLiteral n:
                value = n.Value;
                return true;
            case BooleanLiteral b:
                value = (bool)b.Value!;
                return true;
            case NullLiteral:
                return true;
            case UnaryExpression { Operator: Operator.UnaryNegation, Argument: NumericLiteral n }:
                value = -n.Value;
                return true;
            case TemplateLiteral { Expressions.Count: 0 } t:
                value = string.Concat(t.Quasis.Select(q => q.Value.Cooked));
                return true;
            case ArrayExpression array:
                var items = new JsonArray();
                foreach (var element in array.Elements)
                {
                    if (element is null || !TryConvert(element, out var item)) return false;
                    items.Add(item);
                }
                value = items;
                return true;
            case ObjectExpression obj:
                var result = new JsonObject();
                foreach (var child in obj.Properties)
                {
                    if (child is not Property property || KeyOf(property) is not { } key || !TryConvert(property.Value, out var v)) return false;
                    result[key] = v;
                }
                value = result;
                return true;
            default:
                return false;
        }
    }

    private static string? KeyOf(Property property) => property switch
    {
        { Computed: true } or { Kind: not PropertyKind.Init } or { Method: true } => null,
        { Key: Identifier id } => id.Name,
        { Key: StringLiteral s } => s.Value,
        { Key: NumericLiteral n } => n.Value.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };
}
