using System.Net.ServerSentEvents;
using System.Text.Json;
using Finance.Api.Auth;
using Finance.Core.Events;
using Microsoft.AspNetCore.Http.Features;

namespace Finance.Api.Events;

/// <summary>
/// Writes the events stream as <c>text/event-stream</c>. Unlike TypedResults.ServerSentEvents it sends the headers
/// at once (a client knows it is subscribed before the first event), flushes every batch, and sends a comment
/// line when idle so proxies keep the connection open.
/// </summary>
internal sealed class EventStreamResult(IAsyncEnumerable<IReadOnlyList<FinanceEvent>> batches, CompanyScope companies,
    IReadOnlyList<string> roles, IReadOnlySet<string>? types, TimeProvider timeProvider) : IResult
{
    private static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(15);
    private static readonly ReadOnlyMemory<byte> KeepAlive = ": keep-alive\n\n"u8.ToArray();

    /// <summary>First bytes: how long a client waits before reconnecting (WHATWG HTML §9.2 "retry"), and that it is subscribed.</summary>
    private static readonly ReadOnlyMemory<byte> Opening = "retry: 3000\n: subscribed\n\n"u8.ToArray();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache,no-store";
        response.Headers.ContentEncoding = "identity";
        httpContext.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
        await response.StartAsync(httpContext.RequestAborted);
        // StartAsync only fixes the headers; Kestrel sends them with the first flushed bytes. Without this, a client (or a
        // proxy) learned it was subscribed only with the first keep-alive, 15 s later.
        await response.Body.WriteAsync(Opening, httpContext.RequestAborted);
        await response.Body.FlushAsync(httpContext.RequestAborted);

        var lastWrite = timeProvider.GetTimestamp();
        try
        {
            await foreach (var batch in batches.WithCancellation(httpContext.RequestAborted))
            {
                var items = batch.Where(e => companies.CanSee(e.Company) && ForRoles(e) && (types is null || types.Contains(e.Type)))
                    .Select(e => new SseItem<FinanceEvent>(e, e.Type) { EventId = e.StreamId })
                    .ToList();
                if (items.Count > 0)
                {
                    await SseFormatter.WriteAsync(items.ToAsyncEnumerable(), response.Body,
                        static (item, writer) =>
                        {
                            using var json = new Utf8JsonWriter(writer);
                            JsonSerializer.Serialize(json, item.Data, JsonSerializerOptions.Web);
                        },
                        httpContext.RequestAborted);
                }
                else if (timeProvider.GetElapsedTime(lastWrite) < KeepAliveInterval)
                {
                    continue;
                }
                else
                {
                    await response.Body.WriteAsync(KeepAlive, httpContext.RequestAborted);
                }
                await response.Body.FlushAsync(httpContext.RequestAborted);
                lastWrite = timeProvider.GetTimestamp();
            }
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away: the normal end of a subscription.
        }
    }

    // An event addressed to roles (an in-app notification) reaches callers holding one of them; admins see every role's.
    private bool ForRoles(FinanceEvent e)
    {
        if (e.Payload.ValueKind != JsonValueKind.Object || !e.Payload.TryGetProperty("roles", out var addressed)
            || addressed.ValueKind != JsonValueKind.Array)
        {
            return true;
        }
        return roles.Contains(Roles.Admin) || addressed.EnumerateArray().Any(r => r.ValueKind == JsonValueKind.String && roles.Contains(r.GetString()!));
    }
}
