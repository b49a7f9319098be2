using System.Security.Claims;

namespace Finance.Api.Auth;

/// <summary>
/// The <c>companies</c> claim limits which companies a caller reaches: one claim per company code, or a
/// comma-separated list, or <c>*</c> for the whole group (DESIGN.md §4).
/// </summary>
public static class CompanyAccess
{
    public const string ClaimType = "companies";
    public const string AllCompanies = "*";

    /// <summary>The company codes the caller reaches, or null for all of them.</summary>
    public static IReadOnlySet<string>? AllowedCompanies(this ClaimsPrincipal user)
    {
        var codes = user.FindAll(ClaimType)
            .SelectMany(c => c.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return codes.Contains(AllCompanies) ? null : codes;
    }

    public static bool CanAccess(this ClaimsPrincipal user, string companyCode) =>
        user.AllowedCompanies() is not { } allowed || allowed.Contains(companyCode);

    /// <summary>Events that belong to no single company are for callers who see the whole group.</summary>
    public static bool CanSee(this ClaimsPrincipal user, string? companyCode) =>
        companyCode is null ? user.AllowedCompanies() is null : user.CanAccess(companyCode);
}
