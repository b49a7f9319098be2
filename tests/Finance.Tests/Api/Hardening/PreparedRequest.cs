using System.Text;
using System.Text.Json.Nodes;

namespace Finance.Tests.Api.Hardening;

/// <summary>A valid request to one operation, ready to send as is or with one part replaced.</summary>
public sealed record PreparedRequest(
    ApiOperation Operation, IReadOnlyDictionary<string, string> PathValues, IReadOnlyList<KeyValuePair<string, string>> Query, JsonNode? Body,
    Func<HttpContent>? Form = null)
{
    /// <summary>
    /// The URL: path values escaped as one segment each, except <paramref name="rawParameter"/> whose
    /// <paramref name="rawSegment"/> goes in as written (e.g. <c>%00</c>); <paramref name="query"/> replaces the example's.
    /// </summary>
    public string Url(string? rawParameter = null, string? rawSegment = null, IReadOnlyList<KeyValuePair<string, string>>? query = null)
    {
        var path = Operation.Path;
        foreach (var (name, value) in PathValues)
        {
            path = path.Replace($"{{{name}}}", name == rawParameter ? rawSegment : Uri.EscapeDataString(value), StringComparison.Ordinal);
        }
        var pairs = query ?? Query;
        return pairs.Count == 0 ? path : path + "?" + string.Join('&', pairs.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));
    }

    /// <summary>The request with the example body, or <paramref name="content"/> instead of it.</summary>
    public HttpRequestMessage Message(string? url = null, HttpContent? content = null) => new(new HttpMethod(Operation.Method), url ?? Url())
    {
        Content = content ?? (Body is null ? Form?.Invoke() : JsonContent(Body.ToJsonString())),
    };

    public static StringContent JsonContent(string text) => new(text, Encoding.UTF8, "application/json");
}
