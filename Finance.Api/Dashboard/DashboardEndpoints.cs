using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Companies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Dashboard;

/// <summary>
/// <c>GET /api/dashboard?company=</c>: one company's dashboard, or (without <c>company</c>) the consolidated one of every
/// company the token covers. Every role reads it. The <c>X-Cache</c> header says whether Redis answered (hit) or it was
/// computed (miss).
/// </summary>
public static class DashboardEndpoints
{
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DashboardQuery>();
        builder.Services.AddSingleton<DashboardCache>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/dashboard").WithTags("Dashboard").RequireAuthorization(Policies.Read)
            .MapGet("/", Get).WithName("GetDashboard")
            .WithSummary("KPIs, alerts, cash flow (actual and forecast) and recent transactions; one company or all the token covers.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<DashboardResponse>, ProblemHttpResult>> Get(string? company, HttpContext http, CompanyStore companies,
        DashboardCache cache, CancellationToken cancellationToken)
    {
        company = company?.Trim().ToUpperInvariant();
        if (!http.Companies().TryFilter(company, out var filter)) return Problems.CompanyForbidden(company!);
        var known = (await companies.ListAsync(filter, cancellationToken)).Select(c => c.Code).Order(StringComparer.Ordinal).ToList();
        if (company is not null && known.Count == 0) return Problems.NotFound($"No company '{company}'.");
        var (dashboard, cached) = await cache.GetAsync(company, known, cancellationToken);
        http.Response.Headers["X-Cache"] = cached ? "hit" : "miss";
        return TypedResults.Ok(dashboard);
    }
}
