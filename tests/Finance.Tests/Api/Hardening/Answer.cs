using System.Text.Json;
using System.Text.Json.Nodes;

namespace Finance.Tests.Api.Hardening;

/// <summary>What the API answered: status, media type and body (not read for an event stream, which never ends).</summary>
public sealed record Answer(int Status, string? MediaType, string Body, string? Location = null)
{
    /// <summary>
    /// A request ASP.NET Core's URL decoder refuses before any app code runs (a NUL in the path): Kestrel answers it
    /// 400 itself; the test host throws instead, which this answer stands for.
    /// </summary>
    public static readonly Answer RefusedByServer = new(400, null, "(refused by the server's URL decoder before the app: NUL in the path)");

    public bool IsRefusedByServer => ReferenceEquals(this, RefusedByServer);

    /// <summary>
    /// Sends and reads the answer. For an event stream (<paramref name="stream"/>) the test host hands over the headers
    /// only at the first flush (the 15 s keep-alive when idle): a refusal comes at once, so a stream still open after
    /// <see cref="StreamWait"/> is taken as accepted (200) and closed.
    /// </summary>
    public static async Task<Answer> SendAsync(HttpClient client, HttpRequestMessage request, bool stream = false)
    {
        using var cancel = new CancellationTokenSource();
        using (request)
        {
            var sending = client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
            if (stream && await Task.WhenAny(sending, Task.Delay(StreamWait)) != sending)
            {
                await cancel.CancelAsync();
                await sending.ContinueWith(_ => { }, TaskScheduler.Default);
                return new(200, "text/event-stream", "(stream open)");
            }
            HttpResponseMessage response;
            try
            {
                response = await sending;
            }
            catch (InvalidOperationException e) when (e.Message.Contains("null characters", StringComparison.Ordinal))
            {
                return RefusedByServer;
            }
            using var disposing = response;
            var media = response.Content.Headers.ContentType?.MediaType;
            var body = media == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync(cancel.Token);
            await cancel.CancelAsync();
            return new((int)response.StatusCode, media, body, response.Headers.Location?.OriginalString);
        }
    }

    public static readonly TimeSpan StreamWait = TimeSpan.FromSeconds(2);

    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>The start of the body, on one line, for a failure message.</summary>
    public string Excerpt => Printable(Body.Length <= 160 ? Body : Body[..160] + "…");

    /// <summary>Control characters (a NUL echoed back) written as <c>\uXXXX</c>, so reports stay readable.</summary>
    public static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));

    /// <summary>Null when the body is an RFC 9457 problem (<c>application/problem+json</c> with a title and this status); else what is wrong.</summary>
    public string? ProblemDefect()
    {
        if (MediaType != "application/problem+json") return $"Content-Type {MediaType ?? "(none)"} instead of application/problem+json";
        try
        {
            var problem = JsonNode.Parse(Body);
            if (string.IsNullOrWhiteSpace((string?)problem?["title"])) return "problem without a title";
            return (int?)problem["status"] == Status ? null : $"problem status {problem["status"]?.ToJsonString() ?? "missing"} for HTTP {Status}";
        }
        catch (JsonException)
        {
            return "problem body is not JSON";
        }
    }

    /// <summary>Items of a JSON array whose <c>company</c> (or, for companies, <c>code</c>) is not <paramref name="company"/>.</summary>
    public IReadOnlyList<string> ItemsOutside(string company)
    {
        if (!IsSuccess || MediaType != "application/json" || JsonNode.Parse(Body) is not JsonArray items) return [];
        return [.. items.OfType<JsonObject>()
            .Select(item => item.TryGetPropertyValue("company", out var c) ? c : item.TryGetPropertyValue("code", out var code) ? code : JsonValue.Create("-"))
            .Select(c => (string?)c ?? "(no company)")
            .Where(c => c != "-" && c != company)];
    }
}
