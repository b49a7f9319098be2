using System.Net;

namespace Finance.Core.Integrations.Revolut;

/// <summary>Revolut answered with an error that retrying does not fix (or retries ran out).</summary>
public class RevolutApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>Revolut asked us to wait longer than <see cref="RevolutOptions.MaxRetryAfter"/>; try again after <see cref="RetryAfter"/>.</summary>
public sealed class RevolutRateLimitedException(TimeSpan retryAfter)
    : RevolutApiException(HttpStatusCode.TooManyRequests, $"Revolut rate limit reached; retry after {retryAfter}.")
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
