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

    private static readonly object ScopeKey = new();

    /// <summary>The caller's companies, read from the claim once per request (kept in the request's items).</summary>
    public static CompanyScope Companies(this HttpContext http)
    {
        if (http.Items.TryGetValue(ScopeKey, out var cached) && cached is CompanyScope scope && ReferenceEquals(scope.User, http.User))
        {
            return scope;
        }

        scope = CompanyScope.Of(http.User);
        http.Items[ScopeKey] = scope;
        return scope;
    }
}

/// <summary>The companies one caller reaches, parsed from the claim once and then checked against (per row, per event).</summary>
public sealed class CompanyScope
{
    private CompanyScope(ClaimsPrincipal user, IReadOnlySet<string>? allowed)
    {
        User = user;
        Allowed = allowed;
    }

    internal ClaimsPrincipal User { get; }

    /// <summary>The company codes the caller reaches, or null for all of them.</summary>
    public IReadOnlySet<string>? Allowed { get; }

    public static CompanyScope Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var codes = user.FindAll(CompanyAccess.ClaimType)
            .SelectMany(c => c.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new(user, codes.Contains(CompanyAccess.AllCompanies) ? null : codes);
    }

    public bool CanAccess(string companyCode) => Allowed is null || Allowed.Contains(companyCode);

    /// <summary>
    /// What a list reads: the company asked for, else every company the caller reaches (null: all). False when the caller
    /// asked for a company it may not see.
    /// </summary>
    public bool TryFilter(string? company, out IReadOnlyCollection<string>? companies)
    {
        companies = company is not null ? [company] : Allowed;
        return company is null || CanAccess(company);
    }

    /// <summary>Events that belong to no single company are for callers who see the whole group.</summary>
    public bool CanSee(string? companyCode) => companyCode is null ? Allowed is null : CanAccess(companyCode);
}

/// <summary>Routes that change what the whole group shares (flow definitions) need a token for every company.</summary>
public static class WholeGroupAccess
{
    public static RouteHandlerBuilder RequireWholeGroup(this RouteHandlerBuilder route, string what) =>
        route.AddEndpointFilter((context, next) => context.HttpContext.Companies().Allowed is null
            ? next(context)
            : ValueTask.FromResult<object?>(Infrastructure.Problems.Forbidden($"{what} belong to the whole group: changing them needs a token with companies=*.")))
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
