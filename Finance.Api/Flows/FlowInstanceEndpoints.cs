using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Companies;
using Finance.Workflows.Engines;
using Finance.Workflows.Engines.Embedded;
using Finance.Workflows.Runs;
using Finance.Workflows.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Flows;

/// <summary>
/// Flow instances on either engine: list and inspect through <see cref="IFlowInstances"/>, start, signal and cancel through
/// <see cref="IFlowEngine"/>, retry the step that failed an instance. Every <c>{id}</c> route first checks the instance's
/// company against the token (<see cref="FlowInstanceAccessFilter"/>).
/// </summary>
public static class FlowInstanceEndpoints
{
    public static RouteGroupBuilder MapFlowInstanceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/flows/instances")
            .WithTags("Flow instances")
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter<FlowInstanceAccessFilter>()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/", ListInstances).WithName("ListFlowInstances");
        group.MapGet("/{id}", GetInstance).WithName("GetFlowInstance");
        group.MapPost("/", Start).WithName("StartFlowInstance").RequireAuthorization(Policies.Write).AcceptsIdempotencyKey();
        group.MapPost("/{id}/signals/{name}", Signal).WithName("SignalFlowInstance").RequireAuthorization(Policies.Write)
            .Accepts<JsonNode>("application/json").WithSummary("Delivers signal {name}; the body (any JSON, or empty) is its payload.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id}/cancel", Cancel).WithName("CancelFlowInstance").RequireAuthorization(Policies.Write)
            .ProducesProblem(StatusCodes.Status409Conflict);
        // Re-running a step is an operator's decision (the step may have side effects outside the books).
        group.MapPost("/{id}/retry", Retry).WithName("RetryFlowInstance").RequireAuthorization(Policies.Administer)
            .WithSummary("Runs the dead-lettered step that failed the instance again; the flow resumes there.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Ok<FlowInstanceResponse[]>, ValidationProblem, ProblemHttpResult>> ListInstances(
        string? flow, string? status, string? company, string? correlation, DateTimeOffset? before, int? limit,
        HttpContext http, IFlowInstances instances, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !FlowInstanceStatus.All.Contains(status)) errors["status"] = [$"Status must be one of {string.Join(", ", FlowInstanceStatus.All)}."];
        if (QueryLimit.Error(limit) is { } limitError) errors["limit"] = [limitError];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        company = company?.Trim().ToUpperInvariant();
        if (company is not null && !http.Companies().CanAccess(company)) return Problems.CompanyForbidden(company);

        var filter = new FlowInstanceFilter(flow, status, company, correlation, before, limit ?? 50, http.Companies().Allowed);
        return TypedResults.Ok((await instances.ListAsync(filter, cancellationToken)).Select(FlowInstanceResponse.From).ToArray());
    }

    private static async Task<Results<Ok<FlowInstanceDetailsResponse>, ProblemHttpResult>> GetInstance(
        string id, IFlowInstances instances, CancellationToken cancellationToken) =>
        await instances.GetAsync(id, cancellationToken) is { } view
            ? TypedResults.Ok(FlowInstanceDetailsResponse.From(view))
            : Problems.NotFound($"No flow instance '{id}'.");

    private static async Task<Results<Created<FlowInstanceRefResponse>, ValidationProblem, ProblemHttpResult>> Start(
        StartFlowInstanceRequest request, HttpContext http, CompanyStore companies, CompanyResources resources, IFlowEngine engine,
        CancellationToken cancellationToken)
    {
        if (StartErrors(request) is { Count: > 0 } errors) return TypedResults.ValidationProblem(errors);
        var company = request.Company?.Trim().ToUpperInvariant();
        if (company is not null && await companies.FindAsync(company, cancellationToken) is null) return Problems.NotFound($"No company with code '{company}'.");
        if (!http.Companies().CanSee(company)) return company is null
            ? Problems.Forbidden("A flow without a company needs a token for the whole group.")
            : Problems.CompanyForbidden(company);

        if (await CheckNamedResourcesAsync(request, company, http.Companies(), resources, cancellationToken) is { } refused) return refused;

        return await ProblemOutcome.Run(() => IdempotentPost.RunAsync(http, company ?? CompanyAccess.AllCompanies, request, async _ =>
        {
            var started = await engine.StartAsync(new StartFlowRequest(request.FlowId, request.Input, company, request.CorrelationId, request.Version,
                KeyedInstanceId(http, request.FlowId, company)), cancellationToken);
            return new IdempotentAnswer<FlowInstanceRefResponse>(StatusCodes.Status201Created, $"/api/flows/instances/{started.InstanceId}",
                FlowInstanceRefResponse.From(started));
        }, answer => TypedResults.Created(answer.Location, answer.Value), cancellationToken));
    }

    /// <summary>
    /// With an <c>Idempotency-Key</c>, the instance id comes from the caller, company, flow and key: the start is idempotent
    /// by itself on both engines, so a failure after the start and before the key's answer commits starts nothing new on retry.
    /// </summary>
    private static string? KeyedInstanceId(HttpContext http, string flowId, string? company)
    {
        if (!http.Request.Headers.TryGetValue(IdempotentPost.Header, out var key)) return null;
        var subject = http.User.Subject() ?? "";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{subject}|{company}|{flowId}|{key}"));
        return $"{flowId}:key:{Convert.ToHexStringLower(hash)[..32]}";
    }

    private const int MaxCorrelationLength = 200;

    /// <summary>Inputs and signal payloads live in the instance's state and journal on every step: they stay small.</summary>
    private const int MaxDataLength = 64 * 1024;

    private const int MaxReasonLength = 500;

    private static Dictionary<string, string[]> StartErrors(StartFlowInstanceRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.FlowId)) errors["flowId"] = ["A flow id is required."];
        else if (!FlowLimits.IsName(request.FlowId)) errors["flowId"] = [FlowLimits.NameRule("A flow id")];
        if (request.Company is { Length: > 32 }) errors["company"] = ["A company code has at most 32 characters."];
        if (request.CorrelationId is { Length: > MaxCorrelationLength }) errors["correlationId"] = [$"At most {MaxCorrelationLength} characters."];
        if (request.Version is < 1) errors["version"] = ["Versions start at 1."];
        if (request.Input is { } input && input.ToJsonString().Length > MaxDataLength) errors["input"] = [$"An input is limited to {MaxDataLength} characters of JSON."];
        return errors;
    }

    /// <summary>
    /// Every record the input names (an invoice, a customer, a payment…) must exist, be within the token's companies and
    /// belong to the instance's company: the company field alone would let a one-company token move another's books.
    /// </summary>
    private static async Task<Results<Created<FlowInstanceRefResponse>, ValidationProblem, ProblemHttpResult>?> CheckNamedResourcesAsync(
        StartFlowInstanceRequest request, string? company, CompanyScope scope, CompanyResources resources, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var named in await resources.ResolveAsync(request.Input, cancellationToken))
        {
            if (named.CompanyCode is not { } owner)
            {
                errors[named.Path] = [$"No {named.Kind} '{named.Id}'."];
            }
            else if (!scope.CanAccess(owner))
            {
                return Problems.CompanyForbidden(owner);
            }
            else if (!string.Equals(owner, company, StringComparison.OrdinalIgnoreCase))
            {
                errors[named.Path] = [$"The {named.Kind} '{named.Id}' belongs to company {owner}: start the instance for that company."];
            }
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        return null;
    }

    /// <summary>A payload that names another company's record is refused here; the activity check stops the rest.</summary>
    private static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Signal(
        string id, string name, HttpContext http, CompanyResources resources, IFlowEngine engine, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            if (!FlowLimits.IsName(name)) throw new FlowSignalPayloadException(FlowLimits.NameRule("A signal name"));
            var body = await http.Request.ReadBodyAsync(cancellationToken);
            if (body.Length > MaxDataLength) throw new FlowSignalPayloadException($"A signal payload is limited to {MaxDataLength} characters of JSON.");
            var payload = EmbeddedFlowEngine.ParsePayload(body);
            foreach (var named in await resources.ResolveAsync(payload, cancellationToken))
            {
                if (named.CompanyCode is { } owner && !http.Companies().CanAccess(owner)) throw new CompanyForbiddenException(owner);
            }
            await engine.SignalAsync(id, name, payload, cancellationToken);
            return TypedResults.NoContent();
        });

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Cancel(
        string id, string? reason, HttpContext http, IFlowEngine engine, CancellationToken cancellationToken)
    {
        if (reason is { Length: > MaxReasonLength })
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [$"At most {MaxReasonLength} characters."] });
        return await ProblemOutcome.Run(async () =>
        {
            await engine.CancelAsync(id, reason ?? $"Cancelled by {http.User.Identity?.Name ?? "an operator"}.", cancellationToken);
            return TypedResults.NoContent();
        });
    }

    private static Task<Results<Accepted, ValidationProblem, ProblemHttpResult>> Retry(
        string id, IFlowInstances instances, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            await instances.RetryAsync(id, cancellationToken);
            return TypedResults.Accepted($"/api/flows/instances/{id}");
        });
}
