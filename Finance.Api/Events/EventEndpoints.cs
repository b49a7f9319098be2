using Finance.Api.Auth;
using Finance.Core.Events;

namespace Finance.Api.Events;

public static class EventEndpoints
{
    public static RouteGroupBuilder MapEventEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/events")
            .WithTags("Events")
            .RequireAuthorization(Policies.Read);

        group.MapGet("/", StreamEvents)
            .WithName("StreamEvents")
            .WithSummary("Server-Sent Events from finance:events, limited to the caller's companies.")
            .WithDescription("Each event carries the Redis Stream id as its SSE id; reconnect with Last-Event-ID to resume. `types` filters by a comma-separated list of event types.")
            .Produces<FinanceEvent>(StatusCodes.Status200OK, "text/event-stream");
        return group;
    }

    private static async Task<IResult> StreamEvents(HttpContext http, EventStreamReader reader, TimeProvider timeProvider, string? types)
    {
        // Last-Event-ID is the Redis Stream id of the last event the client saw (the SSE "id" field).
        var lastEventId = http.Request.Headers["Last-Event-ID"].ToString();
        var after = IsStreamId(lastEventId) ? lastEventId : await reader.LatestIdAsync();
        var wanted = types?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        return new EventStreamResult(reader.FollowAsync(after, http.RequestAborted), http.Companies(), http.User.FinanceRoles(), wanted, timeProvider);
    }

    private static bool IsStreamId(string value) =>
        value.Split('-') is [var ms, var seq] && ulong.TryParse(ms, out _) && ulong.TryParse(seq, out _);
}
