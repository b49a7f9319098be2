using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Finance.Core.Integrations.InvoiceNinja;

internal static class NinjaJson
{
    /// <summary>
    /// snake_case fields; numbers may come as strings (<c>InvoicePaymentable.amount</c> is a string in the OpenAPI), and are
    /// read into <see cref="decimal"/> from their text, never through double.
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new UnixSecondsConverter(), new LenientDateConverter(), new LenientIdConverter() },
    };

    /// <summary>Invoice Ninja's <c>updated_at</c> is UNIX seconds (a number, though the OpenAPI's examples quote it).</summary>
    private sealed class UnixSecondsConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var seconds = reader.TokenType == JsonTokenType.String
                ? long.Parse(reader.GetString()!, NumberStyles.Integer, CultureInfo.InvariantCulture)
                : reader.GetInt64();
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteNumberValue(value.ToUnixTimeSeconds());
    }

    /// <summary>Dates are <c>yyyy-MM-dd</c>; an unset one arrives as <c>""</c> rather than null.</summary>
    private sealed class LenientDateConverter : JsonConverter<DateOnly?>
    {
        public override DateOnly? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : null;

        public override void Write(Utf8JsonWriter writer, DateOnly? value, JsonSerializerOptions options)
        {
            if (value is { } d) writer.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            else writer.WriteNullValue();
        }
    }

    /// <summary>Settings ids are strings in the OpenAPI ("17"), numbers in some answers, and <c>""</c> when unset: all read, unset as null.</summary>
    private sealed class LenientIdConverter : JsonConverter<int?>
    {
        public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.Number => reader.GetInt32(),
            JsonTokenType.String => int.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null,
            _ => null,
        };

        public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
        {
            if (value is { } n) writer.WriteNumberValue(n);
            else writer.WriteNullValue();
        }
    }
}
