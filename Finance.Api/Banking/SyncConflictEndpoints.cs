using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Banking.Sync;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Banking;

/// <summary>What the Invoice Ninja sync kept for review (both values of a field, since when, resolved or not): accountants and admins.</summary>
public static class SyncConflictEndpoints
{
    public static RouteGroupBuilder MapSyncConflictEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/banking/sync")
            .WithTags("Banking")
            .RequireAuthorization(Policies.Write)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/conflicts", List).WithName("ListSyncConflicts")
            .WithSummary("The sync's conflicts, open first then newest; filter by company and open (true: still open, false: resolved).");
        return group;
    }

    private static async Task<Results<Ok<SyncConflict[]>, ValidationProblem, ProblemHttpResult>> List(string? company, bool? open, int? limit,
        HttpContext http, SyncConflicts conflicts, CancellationToken cancellationToken)
    {
        if (QueryLimit.Error(limit) is { } limitError) return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [limitError] });
        company = company?.Trim().ToUpperInvariant();
        if (!http.Companies().TryFilter(company, out var companies)) return Problems.CompanyForbidden(company!);
        return TypedResults.Ok((await conflicts.ListAsync(companies, open, limit ?? 100, cancellationToken)).ToArray());
    }
}
