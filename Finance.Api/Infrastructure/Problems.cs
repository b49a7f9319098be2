using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Infrastructure;

/// <summary>RFC 9457 problem details for the errors handlers return themselves.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    /// <summary>The 403 for a company outside the token's <c>companies</c> claim.</summary>
    public static ProblemHttpResult CompanyForbidden(string companyCode) => Forbidden(CompanyForbiddenDetail(companyCode));

    /// <summary>The 403 for a resource the token does not see: its company's, or for a resource of no company (the group's), <paramref name="groupWideDetail"/>.</summary>
    public static ProblemHttpResult CompanyForbidden(string? companyCode, string groupWideDetail) =>
        companyCode is null ? Forbidden(groupWideDetail) : CompanyForbidden(companyCode);

    public static string CompanyForbiddenDetail(string companyCode) => $"Your token does not grant access to company '{companyCode}'.";

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");
}
