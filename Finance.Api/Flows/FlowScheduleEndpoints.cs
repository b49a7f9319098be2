using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Workflows.Schedules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Flows;

/// <summary>
/// Cron schedules that start flows, on either engine (<see cref="IFlowSchedules"/>): list for every role (filtered to the caller's companies); pause, resume and trigger
/// now for admins whose token covers the schedule's company (a schedule of no company is the group's: <c>*</c> only).
/// </summary>
public static class FlowScheduleEndpoints
{
    public static RouteGroupBuilder MapFlowScheduleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/flows/schedules")
            .WithTags("Flow schedules")
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter<FlowScheduleAccessFilter>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/", ListSchedules).WithName("ListFlowSchedules");
        group.MapPost("/{id}/pause", Pause).WithName("PauseFlowSchedule").RequireAuthorization(Policies.Administer);
        group.MapPost("/{id}/resume", Resume).WithName("ResumeFlowSchedule").RequireAuthorization(Policies.Administer)
            .WithSummary("Resumes; fire times missed while paused are skipped.");
        group.MapPost("/{id}/trigger", TriggerNow).WithName("TriggerFlowSchedule").RequireAuthorization(Policies.Administer)
            .WithSummary("Starts the schedule's flow now, outside its cron times.");
        return group;
    }

    private static async Task<Ok<FlowScheduleResponse[]>> ListSchedules(HttpContext http, IFlowSchedules schedules, CancellationToken cancellationToken)
    {
        var scope = http.Companies();
        return TypedResults.Ok((await schedules.ListAsync(cancellationToken)).Where(s => scope.CanSee(s.CompanyCode)).Select(FlowScheduleResponse.From).ToArray());
    }

    private static Task<Results<Ok<FlowScheduleResponse>, ValidationProblem, ProblemHttpResult>> Pause(
        string id, IFlowSchedules schedules, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () => TypedResults.Ok(FlowScheduleResponse.From(await schedules.PauseAsync(id, cancellationToken))));

    private static Task<Results<Ok<FlowScheduleResponse>, ValidationProblem, ProblemHttpResult>> Resume(
        string id, IFlowSchedules schedules, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () => TypedResults.Ok(FlowScheduleResponse.From(await schedules.ResumeAsync(id, cancellationToken))));

    private static Task<Results<Created<FlowInstanceRefResponse>, ValidationProblem, ProblemHttpResult>> TriggerNow(
        string id, IFlowSchedules schedules, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            var started = await schedules.TriggerNowAsync(id, cancellationToken);
            return TypedResults.Created($"/api/flows/instances/{started.InstanceId}", FlowInstanceRefResponse.From(started));
        });
}

public sealed record FlowScheduleResponse(
    string Id, string FlowId, string Cron, string TimeZone, JsonNode? Input, string? Company, bool Paused,
    DateTimeOffset? NextFireAt, DateTimeOffset? LastFireAt)
{
    public static FlowScheduleResponse From(FlowScheduleState s) => new(
        s.Id, s.FlowId, s.Cron, s.TimeZone, s.InputJson is null ? null : JsonNode.Parse(s.InputJson), s.CompanyCode, s.Paused,
        s.NextFireAt is { } n ? FlowInstanceResponse.Utc(n) : null, s.LastFireAt is { } l ? FlowInstanceResponse.Utc(l) : null);
}

/// <summary>On <c>{id}</c> routes: 404 for an unknown schedule, 403 when the token does not see the schedule's company.</summary>
internal sealed class FlowScheduleAccessFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.RouteValues.TryGetValue("id", out var raw) && raw?.ToString() is { } id)
        {
            var schedule = await http.RequestServices.GetRequiredService<IFlowSchedules>().FindAsync(id, http.RequestAborted);
            if (schedule is null) return Problems.NotFound($"No schedule '{id}'.");
            if (!http.Companies().CanSee(schedule.CompanyCode))
                return Problems.CompanyForbidden(schedule.CompanyCode, $"Schedule '{id}' runs for the whole group; your token does not cover the whole group.");
        }
        return await next(context);
    }
}
