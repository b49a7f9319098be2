using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace Finance.Workflows.Model;

/// <summary>
/// Reads and writes <see cref="TimeSpan"/> as an ISO-8601 duration ("PT5M", "P14D"): the format the
/// designer and Temporal's JSON both use. Years and months are refused: their length is not fixed.
/// </summary>
public sealed class IsoDurationConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("A duration must be a string such as \"PT5M\".");
        return Parse(text);
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    /// <summary>Parses an ISO-8601 duration in days and smaller units; throws <see cref="JsonException"/> otherwise.</summary>
    public static TimeSpan Parse(string text)
    {
        var datePart = text.Split('T')[0];
        if (datePart.Contains('Y') || datePart.Contains('M'))
        {
            throw new JsonException($"Duration \"{text}\" uses years or months; use days (\"P30D\").");
        }

        try
        {
            return XmlConvert.ToTimeSpan(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new JsonException($"\"{text}\" is not an ISO-8601 duration such as \"PT5M\".", e);
        }
    }

    public static string Format(TimeSpan value) => XmlConvert.ToString(value);
}
