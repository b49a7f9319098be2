using System.Security.Claims;

namespace Finance.Api.Auth;

internal static class CallerSubject
{
    /// <summary>Who the token names (<c>sub</c>, else the identity's name): the person rules and idempotency keys are about.</summary>
    public static string? Subject(this ClaimsPrincipal user) => user.FindFirst("sub")?.Value ?? user.Identity?.Name;

    /// <summary>The token's roles among ours (what in-app notifications are addressed to).</summary>
    public static IReadOnlyList<string> FinanceRoles(this ClaimsPrincipal user) => [.. Roles.All.Where(user.IsInRole)];
}
