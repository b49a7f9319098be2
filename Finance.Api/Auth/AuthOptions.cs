using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Finance.Api.Auth;

/// <summary>
/// JWT bearer settings. Development signs tokens with <see cref="SigningKey"/> (HS256); production names an
/// OIDC <see cref="Authority"/> whose published keys validate the tokens instead.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    public string? Authority { get; set; }

    [Required]
    public string Issuer { get; set; } = "finance-dev";

    [Required]
    public string Audience { get; set; } = "finance-api";

    /// <summary>At least 32 characters; from configuration or environment (<c>Auth__SigningKey</c>), never the repository.</summary>
    public string? SigningKey { get; set; }

    /// <summary>When set (Development only), the API writes a ready admin token to this file at start-up.</summary>
    public string? DevTokenFile { get; set; }

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>Cross-field rules (STYLE.md 11): a key or an authority, and never a key copied from a sample.</summary>
public sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    // Keys that appear in samples and tutorials; elsa-core rejects its own defaults the same way.
    private static readonly string[] KnownDefaultKeys =
    [
        "change-me", "changeme", "secret", "your-256-bit-secret", "super-secret-key",
        "sufficiently-large-secret-key-for-dev-only", "00000000000000000000000000000000",
    ];

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Authority) && string.IsNullOrWhiteSpace(options.SigningKey))
        {
            return ValidateOptionsResult.Fail("Auth: set Auth:Authority (OIDC) or Auth:SigningKey (development).");
        }
        if (options.SigningKey is { } key)
        {
            if (key.Length < 32)
            {
                return ValidateOptionsResult.Fail("Auth:SigningKey must be at least 32 characters (HS256 needs 256 bits).");
            }
            if (KnownDefaultKeys.Any(k => key.Contains(k, StringComparison.OrdinalIgnoreCase)))
            {
                return ValidateOptionsResult.Fail("Auth:SigningKey is a published sample key; generate a random one.");
            }
        }
        return ValidateOptionsResult.Success;
    }
}
