using Finance.Workflows.Definitions;
using System.Text.Json;
using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Companies;
using Finance.Workflows.Activities;
using Finance.Workflows.Engines;
using Finance.Workflows.Engines.Embedded;
using Finance.Workflows.Model;
using Finance.Workflows.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Finance.Api.Flows;

/// <summary>
/// HTTP triggers (Elsa.Http's HTTP endpoint): <c>POST /api/hooks/{slug}</c> starts the published flow whose trigger has
/// that slug, with the JSON body as input, and answers 202 with the instance. The route is open to anonymous callers
/// because the trigger says how to authenticate: <c>bearer</c> (a token with a writing role that covers the trigger's
/// company) or <c>hmac-sha256</c> (<see cref="FlowHookSignature"/>). Every refusal is an RFC 9457 problem.
/// </summary>
public static class FlowHookEndpoints
{
    public static RouteGroupBuilder MapFlowHookEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/hooks")
            .WithTags("Flow hooks")
            .AllowAnonymous();
        group.MapPost("/{slug}", Receive).WithName("ReceiveFlowHook")
            .Accepts<JsonObject>("application/json")
            .WithSummary("Starts the flow whose HTTP trigger has this slug; the body is its input.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return group;
    }

    private static async Task<Results<Accepted<FlowInstanceRefResponse>, ProblemHttpResult>> Receive(
        string slug, HttpContext http, FlowDefinitionStore definitions, IOptions<FlowHookOptions> options, CancellationToken cancellationToken)
    {
        var definition = FlowLimits.IsName(slug) ? await definitions.FindByTriggerAsync(slug, cancellationToken) : null;
        if (definition?.Trigger is not { } trigger) return Problems.NotFound($"No published flow answers /api/hooks/{slug}.");

        var body = await LimitedBody.ReadAsync(http.Request, options.Value.MaxBodyBytes, cancellationToken);
        if (body is null) return TooLarge(options.Value.MaxBodyBytes);

        string? instanceId = null;
        if (trigger.Auth == FlowTrigger.HmacSha256)
        {
            var services = http.RequestServices;
            if (services.GetRequiredService<FlowSecrets>().Find(trigger.Secret!) is not { } secret)
                return TypedResults.Problem($"The hook's secret '{trigger.Secret}' is not configured.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Hook not configured");
            var signature = http.Request.Headers[FlowHookSignature.SignatureHeader].ToString();
            var why = FlowHookSignature.Check(secret, http.Request.Headers[FlowHookSignature.TimestampHeader].FirstOrDefault(),
                signature.Length == 0 ? null : signature, body, services.GetRequiredService<TimeProvider>().GetUtcNow(), options.Value.SignatureTolerance);
            if (why is not null) return Problems.Unauthorized(why);
            instanceId = FlowHookSignature.InstanceId(slug, signature);
            if (await services.GetRequiredService<FlowQueries>().FindInstanceAsync(instanceId, cancellationToken) is not null)
                return Problems.Conflict($"This signed delivery was received before (instance '{instanceId}'); a replay starts nothing.");
        }
        else if (BearerRefusal(http, trigger) is { } refused)
        {
            return refused;
        }

        if (ParseInput(body) is not { } input) return TypedResults.Problem("The body must be a JSON object: it becomes the instance's input.", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        if (await NamedResourceRefusalAsync(http, input, trigger.Company, cancellationToken) is { } foreign) return foreign;

        var engine = http.RequestServices.GetRequiredService<IFlowEngine>();
        try
        {
            var started = await engine.StartAsync(new StartFlowRequest(definition.Id, input, trigger.Company, Version: definition.Version, InstanceId: instanceId), cancellationToken);
            return TypedResults.Accepted($"/api/flows/instances/{started.InstanceId}", FlowInstanceRefResponse.From(started));
        }
        catch (FlowNotFoundException e)
        {
            // Retired between the lookup and the start.
            return Problems.NotFound(e.Message);
        }
    }

    private static ProblemHttpResult? BearerRefusal(HttpContext http, FlowTrigger trigger)
    {
        if (http.User.Identity?.IsAuthenticated != true) return Problems.Unauthorized("This hook needs a bearer token.");
        if (!http.User.IsInRole(Roles.Admin) && !http.User.IsInRole(Roles.Accountant)) return Problems.Forbidden("Starting a flow needs the admin or accountant role.");
        return http.Companies().CanSee(trigger.Company) ? null
            : Problems.CompanyForbidden(trigger.Company, "This hook's flow works for the whole group; your token does not cover it.");
    }

    private static JsonObject? ParseInput(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>As for a start through the API: a record the body names must be the trigger's company's (<see cref="CompanyResources"/>).</summary>
    private static async Task<ProblemHttpResult?> NamedResourceRefusalAsync(HttpContext http, JsonObject input, string? company, CancellationToken cancellationToken)
    {
        foreach (var named in await http.RequestServices.GetRequiredService<CompanyResources>().ResolveAsync(input, cancellationToken))
        {
            if (named.CompanyCode is not { } owner)
                return TypedResults.Problem($"{named.Path}: no {named.Kind} '{named.Id}'.", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
            if (company is not null && !string.Equals(owner, company, StringComparison.OrdinalIgnoreCase))
                return Problems.CompanyForbidden(owner);
        }
        return null;
    }

    private static ProblemHttpResult TooLarge(int max) =>
        TypedResults.Problem($"A hook body is limited to {max} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");
}
