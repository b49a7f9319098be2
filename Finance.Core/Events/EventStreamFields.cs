using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace Finance.Core.Events;

/// <summary>The field layout of a <c>finance:events</c> stream entry, written by the relay and read by the API.</summary>
internal static class EventStreamFields
{
    public static NameValueEntry[] Write(long id, string type, string? company, string payloadJson, DateTimeOffset occurredAt) =>
    [
        new("id", id.ToString(CultureInfo.InvariantCulture)),
        new("type", type),
        new("company", company ?? string.Empty),
        new("occurredAt", occurredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
        new("payload", payloadJson),
    ];

    public static FinanceEvent Read(StreamEntry entry)
    {
        var company = (string?)entry["company"];
        using var payload = JsonDocument.Parse((string?)entry["payload"] ?? "null");
        return new FinanceEvent(
            long.Parse((string)entry["id"]!, CultureInfo.InvariantCulture),
            (string)entry["type"]!,
            string.IsNullOrEmpty(company) ? null : company,
            DateTimeOffset.Parse((string)entry["occurredAt"]!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            payload.RootElement.Clone())
        { StreamId = entry.Id };
    }
}
