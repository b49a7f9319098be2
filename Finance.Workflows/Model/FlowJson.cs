using System.Text.Json;
using System.Text.Json.Serialization;

namespace Finance.Workflows.Model;

/// <summary>The one set of JSON options for definitions, instance state, events and commands.</summary>
public static class FlowJson
{
    /// <summary>camelCase, ISO-8601 durations, nulls omitted, the <c>kind</c> discriminator anywhere in an object.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    public static string Serialize(FlowDefinition definition) => JsonSerializer.Serialize(definition, Options);

    /// <summary>Reads a definition; throws <see cref="JsonException"/> when the JSON does not fit the model.</summary>
    public static FlowDefinition Deserialize(string json) =>
        JsonSerializer.Deserialize<FlowDefinition>(json, Options)
        ?? throw new JsonException("A flow definition must be a JSON object.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // The designer may write "kind" after other properties.
            AllowOutOfOrderMetadataProperties = true,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new IsoDurationConverter());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
