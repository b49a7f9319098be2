using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Companies;
using Finance.Core.Invoicing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Invoicing;

/// <summary>Turns what the invoicing services refuse into RFC 9457 problem details: field errors into a
/// validation problem naming each field, the rest into 403, 404 or 409.</summary>
internal static class InvoicingOutcome
{
    public static Task<Results<TOk, ValidationProblem, ProblemHttpResult>> Run<TOk>(Func<Task<TOk>> action) where TOk : IResult =>
        ProblemOutcome.Run(action, ToProblem);

    private static Results<ValidationProblem, ProblemHttpResult>? ToProblem(Exception exception) => exception switch
    {
        InvoicingException { Errors: { } errors } e => TypedResults.ValidationProblem(errors, e.Message),
        InvoicingException { Kind: InvoicingErrorKind.NotFound } e => Problems.NotFound(e.Message),
        InvoicingException { Kind: InvoicingErrorKind.Forbidden } e => Problems.Forbidden(e.Message),
        InvoicingException e => Problems.Conflict(e.Message),
        _ => null,
    };

    /// <summary>The company named in a request: it must exist (404) and be in the token's companies claim (403).</summary>
    public static async Task<string> EnsureCompanyAsync(this HttpContext http, CompanyStore companies, string? code, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code)) throw InvoicingException.Invalid("company", "A company code is required.");
        if (code.Length > 32) throw InvoicingException.Invalid("company", "A company code has at most 32 characters.");
        var company = await companies.FindAsync(code.Trim().ToUpperInvariant(), cancellationToken)
            ?? throw InvoicingException.NotFound($"No company with code '{code}'.");
        return http.Companies().CanAccess(company.Code)
            ? company.Code
            : throw new InvoicingException(InvoicingErrorKind.Forbidden, Problems.CompanyForbiddenDetail(company.Code));
    }
}

/// <summary>On routes with an <c>{id}</c>, finds the company the resource belongs to before the handler runs:
/// 404 when there is no such resource, 403 when it belongs to a company outside the token's claim.</summary>
internal sealed class CompanyAccessFilter(string resource, Func<IServiceProvider, Guid, CancellationToken, Task<string?>> companyOf) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.RouteValues.TryGetValue("id", out var raw) && Guid.TryParse(raw?.ToString(), out var id))
        {
            var company = await companyOf(http.RequestServices, id, http.RequestAborted);
            if (company is null) return Problems.NotFound($"No {resource} with id '{id}'.");
            if (!http.Companies().CanAccess(company)) return Problems.CompanyForbidden(company);
        }
        return await next(context);
    }
}
