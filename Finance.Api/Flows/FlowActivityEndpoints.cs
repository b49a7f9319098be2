using Finance.Api.Auth;
using Finance.Workflows.Activities;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Flows;

/// <summary>
/// The activities and triggers a definition may use, from their descriptors: what the designer builds its palette and
/// property editors from. Readable by every role, like the definitions themselves.
/// </summary>
public static class FlowActivityEndpoints
{
    public static RouteGroupBuilder MapFlowActivityEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/flows/activities")
            .WithTags("Flow definitions")
            .RequireAuthorization(Policies.Read);
        group.MapGet("/", ListActivities).WithName("ListFlowActivities")
            .WithSummary("Every activity (name order) and trigger, with JSON Schemas of their inputs and outputs.");
        return group;
    }

    private static Ok<FlowActivityResponse[]> ListActivities(ActivityCatalog catalog) =>
        TypedResults.Ok(catalog.Descriptors.Values.Select(FlowActivityResponse.From)
            .Concat(TriggerDescriptor.All.Select(FlowActivityResponse.From)).ToArray());
}
