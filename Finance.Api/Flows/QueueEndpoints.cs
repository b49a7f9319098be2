using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Workflows.Engines.Embedded;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Flows;

/// <summary>
/// Queue health (what the replaced system's getQueuesStatus gave) and the dead-letter view. Read from PostgreSQL: on
/// the Temporal engine activities run on task queues, so these counts cover the embedded engine only.
/// </summary>
public static class QueueEndpoints
{
    public static IEndpointRouteBuilder MapQueueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/queues").WithTags("Queues").RequireAuthorization(Policies.Read)
            .MapGet("/", ListQueues).WithName("ListQueues");
        app.MapGroup("/api/flows/dead-letters").WithTags("Queues").RequireAuthorization(Policies.Read)
            .MapGet("/", ListDeadLetters).WithName("ListFlowDeadLetters")
            .WithSummary("Steps that failed for good, newest first, limited to the caller's companies; retry via POST /api/flows/instances/{id}/retry.");
        return app;
    }

    /// <summary>A token limited to some companies counts only their work; the group's totals are for <c>*</c> tokens.</summary>
    private static async Task<Ok<QueueStatsResponse[]>> ListQueues(HttpContext http, FlowQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok((await queries.GetQueueStatsAsync(http.Companies().Allowed, cancellationToken)).Select(QueueStatsResponse.From).ToArray());

    private static async Task<Results<Ok<DeadLetterResponse[]>, ValidationProblem>> ListDeadLetters(
        int? limit, HttpContext http, FlowQueries queries, CancellationToken cancellationToken)
    {
        if (QueryLimit.Error(limit) is { } limitError) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [limitError] });
        var letters = await queries.ListDeadLettersAsync(limit ?? 100, http.Companies().Allowed, cancellationToken);
        return TypedResults.Ok(letters.Select(DeadLetterResponse.From).ToArray());
    }
}

/// <summary>One queue's counts; <c>OldestWaitingSeconds</c> is how long the oldest due item has waited (null when none waits).</summary>
public sealed record QueueStatsResponse(
    string Queue, long Waiting, long Active, long Delayed, long Retrying, long CompletedLastHour, long FailedLastHour, long DeadLettered,
    double? OldestWaitingSeconds)
{
    public static QueueStatsResponse From(FlowQueueStats s) => new(
        s.Queue, s.Waiting, s.Active, s.Delayed, s.Retrying, s.CompletedLastHour, s.FailedLastHour, s.DeadLettered,
        s.OldestWaitingAge is { } age ? Math.Round(age.TotalSeconds, 1) : null);
}

public sealed record DeadLetterResponse(
    long WorkItemId, string InstanceId, string FlowId, int Version, string? Company, string? CorrelationId, string Queue,
    string ActivityName, string StepPath, int Attempt, string? LastError, DateTimeOffset DeadAt)
{
    public static DeadLetterResponse From(FlowDeadLetter d) => new(
        d.WorkItemId, d.InstanceId, d.FlowId, d.Version, d.CompanyCode, d.CorrelationId, d.Queue,
        d.ActivityName, d.StepPath, d.Attempt, d.LastError, FlowInstanceResponse.Utc(d.DeadAt));
}
