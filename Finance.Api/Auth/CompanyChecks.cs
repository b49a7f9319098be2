using Finance.Api.Infrastructure;
using Finance.Core.Companies;
using Finance.Core.Errors;

namespace Finance.Api.Auth;

/// <summary>The company access checks of the API: a company named in a request, and the company of the resource a route's <c>{id}</c> names.</summary>
public static class CompanyChecks
{
    /// <summary>The company named in a request: it must exist (404) and be in the token's companies claim (403).</summary>
    public static async Task<string> EnsureCompanyAsync(this HttpContext http, CompanyStore companies, string? code, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(companies);
        if (string.IsNullOrWhiteSpace(code)) throw ValidationException.For("company", "A company code is required.");
        if (code.Length > 32) throw ValidationException.For("company", "A company code has at most 32 characters.");
        var company = await companies.FindAsync(code.Trim().ToUpperInvariant(), cancellationToken)
            ?? throw new NotFoundException($"No company with code '{code}'.");
        return http.Companies().CanAccess(company.Code) ? company.Code : throw new CompanyForbiddenException(company.Code);
    }

    /// <summary>The company of the resource the route's <c>{id}</c> names, as <see cref="CompanyAccessFilter"/> found and checked it.</summary>
    public static string ResourceCompany(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        return http.Items.TryGetValue(CompanyAccessFilter.CompanyKey, out var company) && company is string code
            ? code
            : throw new InvalidOperationException("The route has no company access filter.");
    }
}

/// <summary>On routes with an <c>{id}</c>, finds the company the resource belongs to before the handler runs:
/// 404 when there is no such resource, 403 when it belongs to a company outside the token's claim.</summary>
internal sealed class CompanyAccessFilter(string resource, Func<IServiceProvider, Guid, CancellationToken, Task<string?>> companyOf) : IEndpointFilter
{
    public static readonly object CompanyKey = new();

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.RouteValues.TryGetValue("id", out var raw) && Guid.TryParse(raw?.ToString(), out var id))
        {
            var company = await companyOf(http.RequestServices, id, http.RequestAborted);
            if (company is null) return Problems.NotFound($"No {resource} with id '{id}'.");
            if (!http.Companies().CanAccess(company)) return Problems.CompanyForbidden(company);
            http.Items[CompanyKey] = company;
        }
        return await next(context);
    }
}
