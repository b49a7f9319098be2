using System.ComponentModel.DataAnnotations;

namespace Finance.Core.Integrations.Revolut;

/// <summary>Where rate budgets and seen webhook signatures live: one process, or Redis shared by every host.</summary>
public enum RevolutCoordination { InProcess, Redis }

/// <summary>Revolut Business API settings (section <c>Revolut</c>); one entry per company in <see cref="Companies"/>.</summary>
public sealed class RevolutOptions
{
    public const string SectionName = "Revolut";

    /// <summary>Company code → credentials. Secrets come from configuration (user secrets, environment), never the repository.</summary>
    public Dictionary<string, RevolutCompanyOptions> Companies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public RevolutCoordination Coordination { get; set; } = RevolutCoordination.InProcess;

    /// <summary>A token is renewed this long before it expires, so no call goes out with one that dies in flight.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:20:00")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Lifetime of the client-assertion JWT (its <c>exp</c>); it is used once, straight away.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan AssertionLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Calls per <see cref="RateWindow"/> and company; set from the limit Revolut gives the account.</summary>
    [Range(1, 100_000)]
    public int RequestsPerWindow { get; set; } = 60;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Attempts after the first for 429 and 5xx answers.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryMinDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A Retry-After longer than this is not waited out in the call: the caller gets <see cref="RevolutRateLimitedException"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Transactions per page; the API's maximum is 1,000 (OpenAPI <c>GET /transactions</c>, <c>count</c>).</summary>
    [Range(1, 1000)]
    public int PageSize { get; set; } = 500;

    /// <summary>Webhooks whose timestamp is further than this from now are refused (replay protection).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>One company's Revolut Business API application (Business → Settings → APIs → Business API).</summary>
public sealed class RevolutCompanyOptions
{
    [Required]
    public string ClientId { get; set; } = "";

    /// <summary>The RSA private key (PEM) whose certificate was uploaded to Revolut; signs the client assertion.</summary>
    [Required]
    public string PrivateKeyPem { get; set; } = "";

    [Required]
    public string RefreshToken { get; set; } = "";

    /// <summary>The OAuth redirect URI's domain, which Revolut expects as the assertion's <c>iss</c>.</summary>
    [Required]
    public string Issuer { get; set; } = "";

    /// <summary>Production <c>https://b2b.revolut.com/api/1.0</c>, sandbox <c>https://sandbox-b2b.revolut.com/api/1.0</c> (OpenAPI servers).</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://b2b.revolut.com/api/1.0");

    /// <summary>The webhook's <c>signing_secret</c> (<c>wsk_…</c>); optional until the company receives webhooks.</summary>
    public string? WebhookSigningSecret { get; set; }
}
