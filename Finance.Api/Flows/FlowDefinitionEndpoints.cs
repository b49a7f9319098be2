using Finance.Workflows.Definitions;
using Finance.Api.Infrastructure;
using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Workflows.Engines;
using Finance.Workflows.Model;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Flows;

/// <summary>
/// Flow definitions with Elsa's lifecycle (STYLE.md 10): save draft, update draft, validate, publish, retire (Elsa's
/// retract), versions, revert (a new draft from an older version); export is GET with <c>?version=</c>, import is
/// POST of that JSON. A stable id plus a version number. Reading is for every role, changing for admins whose token
/// covers the whole group (a definition runs for every company).
/// </summary>
public static class FlowDefinitionEndpoints
{
    private const string GroupWide = "Flow definitions";

    public static RouteGroupBuilder MapFlowDefinitionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/flows/definitions")
            .WithTags("Flow definitions")
            .RequireAuthorization(Policies.Read)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/", ListDefinitions).WithName("ListFlowDefinitions");
        group.MapGet("/{id}", GetDefinition).WithName("GetFlowDefinition")
            .WithSummary("The published version, or the one named by ?version= (the export format).");
        group.MapGet("/{id}/versions", ListVersions).WithName("ListFlowDefinitionVersions");
        group.MapPost("/", CreateDraft).WithName("CreateFlowDraft").RequireAuthorization(Policies.Administer).RequireWholeGroup(GroupWide)
            .Accepts<JsonObject>("application/json").WithSummary("Saves the body (definition JSON) as a new draft of its id.");
        group.MapPut("/{id}/versions/{version:int}", UpdateDraft).WithName("UpdateFlowDraft").RequireAuthorization(Policies.Administer).RequireWholeGroup(GroupWide)
            .Accepts<JsonObject>("application/json");
        group.MapPost("/validate", Validate).WithName("ValidateFlowDefinition").RequireAuthorization(Policies.Administer)
            .Accepts<JsonObject>("application/json").WithSummary("Validates the body without storing it.");
        group.MapPost("/{id}/versions/{version:int}/validate", ValidateVersion).WithName("ValidateFlowVersion").RequireAuthorization(Policies.Administer);
        group.MapPost("/{id}/versions/{version:int}/publish", Publish).WithName("PublishFlowVersion").RequireAuthorization(Policies.Administer).RequireWholeGroup(GroupWide);
        group.MapPost("/{id}/versions/{version:int}/retire", Retire).WithName("RetireFlowVersion").RequireAuthorization(Policies.Administer).RequireWholeGroup(GroupWide);
        group.MapPost("/{id}/versions/{version:int}/revert", Revert).WithName("RevertFlowVersion").RequireAuthorization(Policies.Administer).RequireWholeGroup(GroupWide)
            .WithSummary("Saves a copy of the version as a new draft.");
        return group;
    }

    private static async Task<Ok<FlowDefinitionSummaryResponse[]>> ListDefinitions(FlowDefinitionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(FlowDefinitionSummaryResponse.From).ToArray());

    private static Task<Results<Ok<FlowDefinitionResponse>, ValidationProblem, ProblemHttpResult>> GetDefinition(
        string id, int? version, FlowDefinitionStore store, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () => TypedResults.Ok(FlowDefinitionResponse.From(await store.GetAsync(id, version, cancellationToken)
            ?? throw new FlowNotFoundException(version is { } v ? $"Flow '{id}' has no version {v}." : $"Flow '{id}' has no published version."))));

    private static Task<Results<Ok<FlowVersionResponse[]>, ValidationProblem, ProblemHttpResult>> ListVersions(
        string id, FlowDefinitionStore store, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            var versions = await store.GetVersionsAsync(id, cancellationToken);
            return versions.Count == 0
                ? throw new FlowNotFoundException($"No flow '{id}'.")
                : TypedResults.Ok(versions.Select(FlowVersionResponse.From).ToArray());
        });

    private static Task<Results<Created<FlowDefinitionResponse>, ValidationProblem, ProblemHttpResult>> CreateDraft(
        HttpRequest request, FlowDefinitionStore store, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            var draft = await store.SaveDraftAsync(await request.ReadBodyAsync(cancellationToken), cancellationToken);
            return TypedResults.Created($"/api/flows/definitions/{draft.DefinitionId}?version={draft.Version}", FlowDefinitionResponse.From(draft));
        });

    private static Task<Results<Ok<FlowDefinitionResponse>, ValidationProblem, ProblemHttpResult>> UpdateDraft(
        string id, int version, HttpRequest request, FlowDefinitionStore store, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () => TypedResults.Ok(FlowDefinitionResponse.From(
            await store.UpdateDraftAsync(id, version, await request.ReadBodyAsync(cancellationToken), cancellationToken))));

    /// <summary>Always 200: <c>valid</c> says whether it could be published; shape errors (malformed JSON) are listed too.</summary>
    private static async Task<Ok<FlowValidationResponse>> Validate(HttpRequest request, FlowDefinitionStore store, CancellationToken cancellationToken)
    {
        FlowDefinition definition;
        try
        {
            definition = FlowDefinitionJson.Parse(await request.ReadBodyAsync(cancellationToken));
        }
        catch (FlowDefinitionInvalidException e)
        {
            return TypedResults.Ok(FlowValidationResponse.From(e.ValidationErrors));
        }

        // The store numbers versions itself, so a body without one is checked as the draft it would become.
        var errors = await store.ValidateAsync(definition with { Version = Math.Max(definition.Version, 1) }, cancellationToken);
        return TypedResults.Ok(FlowValidationResponse.From(errors));
    }

    private static Task<Results<Ok<FlowValidationResponse>, ValidationProblem, ProblemHttpResult>> ValidateVersion(
        string id, int version, FlowDefinitionStore store, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            var stored = await store.GetAsync(id, version, cancellationToken)
                ?? throw new FlowNotFoundException($"Flow '{id}' has no version {version}.");
            return TypedResults.Ok(FlowValidationResponse.From(await store.ValidateAsync(stored.Definition, cancellationToken)));
        });

    /// <summary>An invalid draft gives a validation problem whose <c>errors</c> are keyed by JSON path; nothing is published.</summary>
    private static Task<Results<Ok<FlowDefinitionResponse>, ValidationProblem, ProblemHttpResult>> Publish(
        string id, int version, FlowDefinitionStore store, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () => TypedResults.Ok(FlowDefinitionResponse.From(await store.PublishAsync(id, version, cancellationToken))));

    private static Task<Results<Ok<FlowDefinitionResponse>, ValidationProblem, ProblemHttpResult>> Retire(
        string id, int version, FlowDefinitionStore store, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            await store.RetireAsync(id, version, cancellationToken);
            return TypedResults.Ok(FlowDefinitionResponse.From((await store.GetAsync(id, version, cancellationToken))!));
        });

    private static Task<Results<Created<FlowDefinitionResponse>, ValidationProblem, ProblemHttpResult>> Revert(
        string id, int version, FlowDefinitionStore store, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            var source = await store.GetAsync(id, version, cancellationToken)
                ?? throw new FlowNotFoundException($"Flow '{id}' has no version {version}.");
            var draft = await store.SaveDraftAsync(FlowJson.Serialize(source.Definition), cancellationToken);
            return TypedResults.Created($"/api/flows/definitions/{id}?version={draft.Version}", FlowDefinitionResponse.From(draft));
        });
}
