namespace Finance.Api.Infrastructure;

/// <summary>The <c>limit</c> query parameter of the list endpoints: absent (the endpoint's default) or 1 to 500.</summary>
internal static class QueryLimit
{
    /// <summary>The error for the <c>limit</c> field, or null when the limit is fine.</summary>
    public static string? Error(int? limit) => limit is < 1 or > 500 ? "Limit must be 1 to 500." : null;
}
