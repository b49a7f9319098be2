using System.Text;
using System.Text.Json.Nodes;
using WireMock;
using WireMock.Types;
using WireMock.Util;

namespace Finance.StandIns;

/// <summary>Small helpers the fakes' WireMock callbacks share: JSON answers and request fields.</summary>
internal static class FakeHttp
{
    public static ResponseMessage Json(int status, JsonNode? body, params (string Name, string Value)[] headers)
    {
        var response = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body?.ToJsonString() ?? "", DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        response.AddHeader("Content-Type", "application/json");
        foreach (var (name, value) in headers) response.AddHeader(name, value);
        return response;
    }

    public static string? Query(IRequestMessage request, string name) =>
        request.Query is { } query && query.TryGetValue(name, out var values) && values.Count > 0 ? values[0] : null;

    public static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    /// <summary>A deep copy, so answers never share nodes with the fake's state (a JsonNode has one parent).</summary>
    public static JsonNode Copy(JsonNode node) => node.DeepClone();
}
