using Finance.Core.Companies;
using Finance.Core.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Infrastructure;

/// <summary>Problems handlers return themselves; shorthands for <see cref="DomainProblems"/>, so they carry the same title and <c>code</c>.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) => DomainProblems.ToProblem(new NotFoundException(detail));

    public static ProblemHttpResult Forbidden(string detail) => DomainProblems.ToProblem(new ForbiddenException(detail));

    /// <summary>The 403 for a company outside the token's <c>companies</c> claim.</summary>
    public static ProblemHttpResult CompanyForbidden(string companyCode) => DomainProblems.ToProblem(new CompanyForbiddenException(companyCode));

    /// <summary>The 403 for a resource the token does not see: its company's, or for a resource of no company (the group's), <paramref name="groupWideDetail"/>.</summary>
    public static ProblemHttpResult CompanyForbidden(string? companyCode, string groupWideDetail) =>
        companyCode is null ? Forbidden(groupWideDetail) : CompanyForbidden(companyCode);

    /// <summary>The 401 of a route that authenticates its caller itself (a signed hook or webhook).</summary>
    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");

    public static ProblemHttpResult Conflict(string detail) => DomainProblems.ToProblem(new ConflictException(detail));
}
