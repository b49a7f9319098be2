using System.Text.Json.Nodes;

namespace Finance.Workflows.Activities;

/// <summary>
/// Builds the small JSON Schemas (draft 2020-12) activities declare: an object of named properties, closed unless said
/// otherwise. Kept to the keywords the validator and the designer read: <c>type</c>, <c>format</c>, <c>enum</c>,
/// <c>minimum</c>/<c>maximum</c>, <c>description</c>, <c>required</c>, <c>additionalProperties</c> and our
/// <see cref="ActivityDescriptor.CompanyResourceKeyword"/>.
/// </summary>
public sealed class ActivitySchema
{
    private readonly JsonObject _properties = [];
    private readonly JsonArray _required = [];
    private bool _open;

    /// <summary>An object schema of named properties (JSON Schema <c>"type": "object"</c>).</summary>
    public static ActivitySchema Properties() => new();

    public ActivitySchema Required(string name, JsonObject schema, string description) => Add(name, schema, description, required: true);

    public ActivitySchema Optional(string name, JsonObject schema, string description) => Add(name, schema, description, required: false);

    /// <summary>Inputs beyond the declared ones are allowed (e.g. <c>diag.noop</c> returns whatever it is given).</summary>
    public ActivitySchema Open()
    {
        _open = true;
        return this;
    }

    public JsonObject Build()
    {
        var schema = new JsonObject { ["type"] = "object", ["properties"] = _properties.DeepClone() };
        if (_required.Count > 0) schema["required"] = _required.DeepClone();
        schema["additionalProperties"] = _open;
        return schema;
    }

    /// <summary>JSON Schema <c>"type": "string"</c>, with an optional <c>format</c>.</summary>
    public static JsonObject Text(string? format = null) =>
        format is null ? new() { ["type"] = "string" } : new() { ["type"] = "string", ["format"] = format };

    public static JsonObject Enum(params string[] values) => new() { ["type"] = "string", ["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) };

    /// <summary>JSON Schema <c>"type": "integer"</c>.</summary>
    public static JsonObject WholeNumber(int? minimum = null, int? maximum = null)
    {
        var schema = new JsonObject { ["type"] = "integer" };
        if (minimum is { } min) schema["minimum"] = min;
        if (maximum is { } max) schema["maximum"] = max;
        return schema;
    }

    public static JsonObject Number() => new() { ["type"] = "number" };

    public static JsonObject Boolean() => new() { ["type"] = "boolean" };

    public static JsonObject AnyObject() => new() { ["type"] = "object" };

    /// <summary>Any JSON value.</summary>
    public static JsonObject Any() => new();

    /// <summary>An id (uuid) of a record of the instance's company, e.g. <c>CompanyResource("invoice")</c>.</summary>
    public static JsonObject CompanyResource(string kind) =>
        new() { ["type"] = "string", ["format"] = "uuid", [ActivityDescriptor.CompanyResourceKeyword] = kind };

    /// <summary>An output object with the given properties (outputs are documentation for the designer; not enforced).</summary>
    public static JsonObject Output(params (string Name, JsonObject Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties) props[name] = schema;
        return new JsonObject { ["type"] = "object", ["properties"] = props };
    }

    private ActivitySchema Add(string name, JsonObject schema, string description, bool required)
    {
        var property = (JsonObject)schema.DeepClone();
        property["description"] = description;
        _properties[name] = property;
        if (required) _required.Add(name);
        return this;
    }
}
