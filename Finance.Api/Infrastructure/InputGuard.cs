using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Finance.Api.Infrastructure;

/// <summary>Limits every <c>/api</c> request shares, before any endpoint reads it.</summary>
public sealed class InputGuardOptions
{
    public const string SectionName = "Api:Input";

    /// <summary>The largest JSON body (bytes). Uploads of documents set their own limit on their endpoint.</summary>
    [System.ComponentModel.DataAnnotations.Range(1024, 64 * 1024 * 1024)]
    public long MaxJsonBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The longest path segment (an id) and the longest query value.</summary>
    [System.ComponentModel.DataAnnotations.Range(16, 8192)]
    public int MaxPathSegmentLength { get; set; } = 200;

    [System.ComponentModel.DataAnnotations.Range(16, 8192)]
    public int MaxQueryValueLength { get; set; } = 1000;
}

/// <summary>
/// Refuses, with a problem detail naming what is wrong, input no endpoint should see: a NUL character anywhere (PostgreSQL
/// cannot store U+0000 in text or jsonb, so it would fail deep inside a transaction), an over-long id or query value, a
/// JSON body over the size limit, malformed or nested beyond 64 levels. One place, so every endpoint added later is covered.
/// </summary>
internal sealed class InputGuard(RequestDelegate next, IOptions<InputGuardOptions> options)
{
    private const int MaxDepth = 64;

    public async Task InvokeAsync(HttpContext http)
    {
        if (!http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await next(http);
            return;
        }
        var problem = CheckPathAndQuery(http.Request, options.Value) ?? await CheckJsonBodyAsync(http.Request, options.Value);
        if (problem is null)
        {
            await next(http);
            return;
        }
        await problem.ExecuteAsync(http);
    }

    private static ProblemHttpResult? CheckPathAndQuery(HttpRequest request, InputGuardOptions limits)
    {
        foreach (var segment in (request.Path.Value ?? "").Split('/'))
        {
            if (segment.Contains('\0', StringComparison.Ordinal)) return Bad("The path contains a NUL character (U+0000).");
            if (segment.Length > limits.MaxPathSegmentLength) return Bad($"A path segment is limited to {limits.MaxPathSegmentLength} characters.");
        }
        foreach (var (key, values) in request.Query)
        {
            foreach (var value in values.Append(key))
            {
                if (value is null) continue;
                if (value.Contains('\0', StringComparison.Ordinal)) return Bad($"The query parameter '{Shorten(key)}' contains a NUL character (U+0000).");
                if (value.Length > limits.MaxQueryValueLength) return Bad($"The query parameter '{Shorten(key)}' is limited to {limits.MaxQueryValueLength} characters.");
            }
        }
        return null;
    }

    private static async Task<ProblemHttpResult?> CheckJsonBodyAsync(HttpRequest request, InputGuardOptions limits)
    {
        if (request.ContentType is not { } type || !type.Contains("json", StringComparison.OrdinalIgnoreCase)) return null;
        if (request.ContentLength > limits.MaxJsonBodyBytes) return TooLarge(limits);

        request.EnableBuffering();
        var body = await ReadAtMostAsync(request.Body, limits.MaxJsonBodyBytes + 1, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        if (body.Length > limits.MaxJsonBodyBytes) return TooLarge(limits);
        return body.Length == 0 ? null : CheckJson(body);
    }

    private static ProblemHttpResult? CheckJson(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped
                    && reader.GetString()!.Contains('\0', StringComparison.Ordinal))
                {
                    return Bad($"Text must not contain a NUL character (U+0000); found one at byte {reader.TokenStartIndex} of the body.");
                }
            }
            return null;
        }
        catch (JsonException e)
        {
            return Bad($"The body is not valid JSON: {e.Message}");
        }
    }

    private static async Task<byte[]> ReadAtMostAsync(Stream body, long max, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        while (buffer.WrittenCount < max)
        {
            var read = await body.ReadAsync(buffer.GetMemory(16 * 1024), cancellationToken);
            if (read == 0) break;
            buffer.Advance(read);
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static string Shorten(string key) => key.Length > 40 ? key[..40] + "…" : key.Replace('\0', '?');

    private static ProblemHttpResult Bad(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Bad request");

    private static ProblemHttpResult TooLarge(InputGuardOptions limits) =>
        TypedResults.Problem($"A JSON body is limited to {limits.MaxJsonBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
}

public static class InputGuardExtensions
{
    public static IHostApplicationBuilder AddFinanceInputGuard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<InputGuardOptions>()
            .BindConfiguration(InputGuardOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }

    /// <summary>After authentication and authorization: a caller without rights learns 401/403, not what is wrong with the body.</summary>
    public static WebApplication UseFinanceInputGuard(this WebApplication app)
    {
        app.UseMiddleware<InputGuard>();
        return app;
    }
}
