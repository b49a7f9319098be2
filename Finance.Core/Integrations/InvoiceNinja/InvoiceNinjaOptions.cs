using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Finance.Core.Integrations.InvoiceNinja;

/// <summary>Invoice Ninja v5 settings (section <c>InvoiceNinja</c>); one entry per company in <see cref="Companies"/>.</summary>
public sealed class InvoiceNinjaOptions
{
    public const string SectionName = "InvoiceNinja";

    public Dictionary<string, InvoiceNinjaCompanyOptions> Companies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Records per page (<c>per_page</c>; the API's default is 20, OpenAPI parameter <c>per_page_meta</c>).</summary>
    [Range(1, 500)]
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// Which payment custom field (1–4) carries our payment id. The list filter <c>filter=</c> searches custom_value1–4 but
    /// not transaction_reference (OpenAPI <c>GET /api/v1/payments</c>), so this field is what makes a push findable again.
    /// </summary>
    [Range(1, 4)]
    public int PaymentIdCustomField { get; set; } = 1;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class InvoiceNinjaCompanyOptions
{
    /// <summary>The installation, e.g. <c>https://invoicing.co</c> (hosted) or a self-hosted URL.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://invoicing.co");

    /// <summary>Settings → Account Management → Integrations → API tokens; from configuration only.</summary>
    [Required]
    public string ApiToken { get; set; } = "";
}

/// <summary>Per-company rules the annotations do not reach; the demo token <c>TOKEN</c> (OpenAPI servers) is refused.</summary>
internal sealed class InvoiceNinjaOptionsValidator : IValidateOptions<InvoiceNinjaOptions>
{
    private static readonly string[] SampleTokens = ["TOKEN", "changeme", "your-token", "<token>"];

    public ValidateOptionsResult Validate(string? name, InvoiceNinjaOptions options)
    {
        var failures = new List<string>();
        foreach (var (company, c) in options.Companies)
        {
            var prefix = $"InvoiceNinja:Companies:{company}";
            if (string.IsNullOrWhiteSpace(c.ApiToken)) failures.Add($"{prefix}:ApiToken is required.");
            else if (SampleTokens.Contains(c.ApiToken.Trim(), StringComparer.OrdinalIgnoreCase)) failures.Add($"{prefix}:ApiToken is a sample value.");
            // "API requests must be made over HTTPS" (OpenAPI info); plain http only for the loopback stand-in.
            if (c.BaseUrl is not { IsAbsoluteUri: true } url || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
                failures.Add($"{prefix}:BaseUrl must be an absolute https URL (http only on loopback).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
