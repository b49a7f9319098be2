using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Api.Notifications;
using Finance.Core.Companies;
using Finance.Core.Errors;
using Finance.Core.Reconciliation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Banking;

/// <summary>
/// The reconciliation's editable rules (text contains / regex, amount range, counterparty → ignore, bank fee, assign, review):
/// every role reads those of its companies; accountants and admins add and remove them; a rule for every company needs a
/// token for the whole group.
/// </summary>
public static class ReconciliationRuleEndpoints
{
    public static RouteGroupBuilder MapReconciliationRuleEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/banking/rules")
            .WithTags("Banking")
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter(new EntryScopeFilter("rule", "reconciliation_rules"))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", List).WithName("ListReconciliationRules");
        group.MapPost("/", Create).WithName("CreateReconciliationRule").RequireAuthorization(Policies.Write);
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteReconciliationRule").RequireAuthorization(Policies.Write);
        return group;
    }

    private static async Task<Ok<StoredRule[]>> List(HttpContext http, RuleStore rules, CancellationToken cancellationToken) =>
        TypedResults.Ok((await rules.ListAsync(http.Companies().Allowed, cancellationToken)).ToArray());

    private static Task<Results<Created<RuleCreated>, ValidationProblem, ProblemHttpResult>> Create(RuleInput input, HttpContext http, RuleStore rules,
        CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            var company = input.Company?.Trim().ToUpperInvariant();
            if (!http.Companies().CanSee(company))
            {
                throw company is null ? new ForbiddenException("A rule for every company needs a token with companies=*.") : new CompanyForbiddenException(company);
            }
            var id = await rules.CreateAsync(input with { Company = company }, http.User.Subject() ?? "api", cancellationToken);
            return TypedResults.Created($"/api/banking/rules/{id}", new RuleCreated(id));
        });

    private static async Task<NoContent> Delete(Guid id, RuleStore rules, CancellationToken cancellationToken)
    {
        await rules.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }
}

public sealed record RuleCreated(Guid Id);
