using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Finance.Workflows.Activities.Http;

/// <summary>
/// The <c>Flows:Http</c> section: where <c>http.request</c> may call, per company, and how much it may read. A flow
/// reaches only the URLs its instance's company is allowed (<c>Flows:Http:AllowedUrls:HYPERVISUAL:0 =
/// https://crm.example.ch/api/</c>); instances of no company use the <see cref="GroupKey"/> list.
/// </summary>
public sealed class FlowHttpOptions
{
    public const string SectionName = "Flows:Http";

    /// <summary>The allow-list key for instances that belong to no single company.</summary>
    public const string GroupKey = "group";

    /// <summary>The named <c>HttpClient</c> the activity uses (no automatic redirects, no resilience handler: the engine retries).</summary>
    public const string ClientName = "flows.http";

    /// <summary>Company code (or <see cref="GroupKey"/>) → URL prefixes (scheme, host, port and a path prefix).</summary>
    public Dictionary<string, List<string>> AllowedUrls { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The largest response body read; a larger one fails the step (it would land in the flow's state and journal).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxResponseBytes { get; set; } = 256 * 1024;

    /// <summary>A call's timeout when the step's input names none.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest timeout an input may ask for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>True when <paramref name="url"/> starts with one of the prefixes allowed to <paramref name="company"/>.</summary>
    public bool Allows(string? company, Uri url) =>
        AllowedUrls.TryGetValue(company ?? GroupKey, out var prefixes) && prefixes.Any(p => Matches(new Uri(p), url));

    // Compared by parts, not as text: "https://crm.example.ch.evil.net" must not pass as "https://crm.example.ch".
    private static bool Matches(Uri prefix, Uri url) =>
        string.Equals(prefix.Scheme, url.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(prefix.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase)
        && prefix.Port == url.Port
        && string.IsNullOrEmpty(url.UserInfo)
        && url.AbsolutePath.StartsWith(prefix.AbsolutePath, StringComparison.Ordinal);
}

/// <summary>Every allow-list entry is an absolute http(s) URL without credentials; the default timeout fits the maximum.</summary>
internal sealed class FlowHttpOptionsValidator : IValidateOptions<FlowHttpOptions>
{
    public ValidateOptionsResult Validate(string? name, FlowHttpOptions options)
    {
        var errors = new List<string>();
        foreach (var (company, prefixes) in options.AllowedUrls)
        {
            foreach (var prefix in prefixes)
            {
                if (!Uri.TryCreate(prefix, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.UserInfo.Length > 0)
                    errors.Add($"{FlowHttpOptions.SectionName}:AllowedUrls:{company}: '{prefix}' is not an absolute http(s) URL without credentials.");
            }
        }
        if (options.DefaultTimeout > options.MaxTimeout) errors.Add($"{FlowHttpOptions.SectionName}:DefaultTimeout is longer than MaxTimeout.");
        return errors.Count > 0 ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
