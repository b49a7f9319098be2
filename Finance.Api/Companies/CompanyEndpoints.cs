using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Companies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Companies;

public static class CompanyEndpoints
{
    public static RouteGroupBuilder MapCompanyEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/companies")
            .WithTags("Companies")
            .RequireAuthorization(Policies.Read);

        group.MapGet("/", ListCompanies).WithName("ListCompanies");
        group.MapGet("/{code}", GetCompany).WithName("GetCompany");
        return group;
    }

    private static async Task<Ok<CompanyResponse[]>> ListCompanies(HttpContext http, CompanyStore store, CancellationToken cancellationToken)
    {
        var companies = await store.ListAsync(http.Companies().Allowed, cancellationToken);
        return TypedResults.Ok(companies.Select(CompanyResponse.From).ToArray());
    }

    private static async Task<Results<Ok<CompanyResponse>, ProblemHttpResult>> GetCompany(
        string code, HttpContext http, CompanyStore store, CancellationToken cancellationToken)
    {
        var company = await store.FindAsync(code.ToUpperInvariant(), cancellationToken);
        if (company is null)
        {
            return Problems.NotFound($"No company with code '{code}'.");
        }
        if (!http.Companies().CanAccess(company.Code))
        {
            return Problems.CompanyForbidden(company.Code);
        }
        return TypedResults.Ok(CompanyResponse.From(company));
    }
}
