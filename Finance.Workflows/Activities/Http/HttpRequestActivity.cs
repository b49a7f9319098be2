using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Finance.Workflows.Model;
using Microsoft.Extensions.Options;

namespace Finance.Workflows.Activities.Http;

/// <summary>
/// <c>http.request</c> (what Elsa.Http's SendHttpRequest does): calls a URL on the instance's company allow-list
/// (<see cref="FlowHttpOptions"/>) and returns <c>{ status, headers, body }</c> (body parsed when JSON). Credential headers
/// name a secret (<see cref="SecretReference"/>), resolved only here, so no definition, journal or output holds it.
/// A timeout, a network error, 408, 429 and 5xx fail the attempt (the engine retries by the step's policy); other
/// statuses are the flow's to judge. Redirects are not followed: the target of one is not on the allow-list check.
/// </summary>
public sealed class HttpRequestActivity(IHttpClientFactory clients, FlowSecrets secrets, IOptionsMonitor<FlowHttpOptions> options) : IFlowActivity
{
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

    public string Name => "http.request";

    public string Queue => FlowEngineOptions.DefaultQueue;

    public ActivityDescriptor Descriptor { get; } = new(
        "http.request", FlowEngineOptions.DefaultQueue,
        "Calls an HTTP endpoint on the company's allow-list (configuration Flows:Http:AllowedUrls) and returns its status, headers and body.",
        ActivitySchema.Properties()
            .Optional("method", ActivitySchema.Enum(Methods), "The HTTP method (default GET).")
            .Required("url", ActivitySchema.Text("uri"), "An absolute URL that starts with one of the company's allowed prefixes.")
            .Optional("headers", HeadersSchema(), "Request headers; credentials as { secret: 'name', prefix: 'Bearer ' } (configuration Flows:Secrets:name).")
            .Optional("body", ActivitySchema.Any(), "A string is sent as text/plain, anything else as JSON.")
            .Optional("timeout", ActivitySchema.Text("duration"), "ISO-8601 duration of one attempt, e.g. PT10S (default Flows:Http:DefaultTimeout).")
            .Build(),
        ActivitySchema.Output(("status", ActivitySchema.WholeNumber()), ("headers", ActivitySchema.AnyObject()), ("body", ActivitySchema.Any())),
        new RetryPolicy(MaxAttempts: 3, InitialInterval: TimeSpan.FromSeconds(2), MaximumInterval: TimeSpan.FromMinutes(1)),
        TimeSpan.FromMinutes(1));

    public async Task<JsonNode?> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limits = options.CurrentValue;
        var method = ((string?)context.Input["method"] ?? "GET").ToUpperInvariant();
        if (!Methods.Contains(method)) throw Final($"method '{method}' is not one of {string.Join(", ", Methods)}.");
        var url = Url(context, limits);
        var timeout = Timeout(context, limits);

        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = Body(context.Input["body"]) };
        AddHeaders(request, context.Input["headers"]);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(timeout);
        try
        {
            using var response = await clients.CreateClient(FlowHttpOptions.ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            var status = (int)response.StatusCode;
            if (status is 408 or 429 or >= 500)
            {
                throw new HttpRequestException($"http.request: {method} {url.GetLeftPart(UriPartial.Path)} answered {status}; the attempt is retried.");
            }
            return new JsonObject
            {
                ["status"] = status,
                ["headers"] = Headers(response),
                ["body"] = await ReadBodyAsync(response, limits.MaxResponseBytes, attempt.Token),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"http.request: {method} {url.GetLeftPart(UriPartial.Path)} did not answer within {IsoDurationConverter.Format(timeout)}.");
        }
    }

    private static JsonObject HeadersSchema()
    {
        var schema = ActivitySchema.AnyObject();
        schema[ActivityDescriptor.HeadersKeyword] = true;
        return schema;
    }

    private static Uri Url(ActivityContext context, FlowHttpOptions limits)
    {
        var text = (string?)context.Input["url"] ?? throw Final("url is required.");
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw Final($"'{text}' is not an absolute http(s) URL.");
        return limits.Allows(context.Company, url) ? url
            : throw Final($"{url.GetLeftPart(UriPartial.Path)} is not on the allow-list of {(context.Company is { } c ? $"company {c}" : "the group")} " +
                $"(configuration {FlowHttpOptions.SectionName}:AllowedUrls:{context.Company ?? FlowHttpOptions.GroupKey}).");
    }

    private static TimeSpan Timeout(ActivityContext context, FlowHttpOptions limits)
    {
        if ((string?)context.Input["timeout"] is not { } text) return limits.DefaultTimeout;
        TimeSpan timeout;
        try
        {
            timeout = IsoDurationConverter.Parse(text);
        }
        catch (FormatException e)
        {
            throw Final($"timeout '{text}' is not an ISO-8601 duration: {e.Message}");
        }
        return timeout > TimeSpan.Zero && timeout <= limits.MaxTimeout ? timeout
            : throw Final($"timeout must be positive and at most {IsoDurationConverter.Format(limits.MaxTimeout)}.");
    }

    private static StringContent? Body(JsonNode? body) => body switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var text) => new StringContent(text, Encoding.UTF8, "text/plain"),
        _ => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
    };

    private void AddHeaders(HttpRequestMessage request, JsonNode? headers)
    {
        if (headers is null) return;
        if (headers is not JsonObject obj) throw Final("headers must be an object of header name to value.");
        foreach (var (name, node) in obj)
        {
            var value = node switch
            {
                _ when SecretReference.TryRead(node, out var secret, out var prefix) =>
                    prefix + (secrets.Find(secret) ?? throw Final($"header {name} names secret '{secret}', which is not configured ({FlowSecrets.SectionName}:{secret}).")),
                JsonValue v when v.TryGetValue<string>(out var text) => text,
                JsonValue v => v.ToJsonString(),
                _ => throw Final($"header {name} must be a string or {{ secret: 'name' }}."),
            };
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && request.Content is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.TryParse(value, out var type) ? type : throw Final($"Content-Type '{value}' is not a media type.");
            }
            // The value is never echoed in an error: it may be a secret.
            else if (!request.Headers.TryAddWithoutValidation(name, value) && request.Content?.Headers.TryAddWithoutValidation(name, value) != true)
            {
                throw Final($"header {name} cannot be set on a request.");
            }
        }
    }

    // Set-Cookie is dropped: a session credential would otherwise be kept in the flow's state and journal.
    private static JsonObject Headers(HttpResponseMessage response)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!name.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase)) headers[name.ToLowerInvariant()] = string.Join(", ", values);
        }
        return headers;
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > maxBytes) throw TooLarge(maxBytes);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) return null;
        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Declared JSON but is not: the flow gets the text.
            }
        }
        return text;
    }

    private static NonRetryableActivityException TooLarge(int maxBytes) =>
        Final($"the response body is larger than {maxBytes} bytes ({FlowHttpOptions.SectionName}:MaxResponseBytes).");

    private static NonRetryableActivityException Final(string message) => new($"http.request: {message}");
}
