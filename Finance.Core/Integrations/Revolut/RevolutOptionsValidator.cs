using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Finance.Core.Integrations.Revolut;

/// <summary>
/// Per-company rules data annotations cannot reach (they do not recurse into the dictionary): required fields, a private
/// key that loads, https outside loopback, and no sample values (as AuthOptions refuses sample signing keys, STYLE.md 28).
/// </summary>
internal sealed class RevolutOptionsValidator : IValidateOptions<RevolutOptions>
{
    private static readonly string[] SampleValues = ["changeme", "your-client-id", "your-refresh-token", "<client_id>", "<refresh_token>", "example.com"];

    public ValidateOptionsResult Validate(string? name, RevolutOptions options)
    {
        var failures = new List<string>();
        if (options.RetryMinDelay > options.RetryMaxDelay) failures.Add("Revolut:RetryMinDelay must not exceed Revolut:RetryMaxDelay.");
        foreach (var (company, c) in options.Companies)
        {
            var prefix = $"Revolut:Companies:{company}";
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(c, new ValidationContext(c), results, validateAllProperties: true))
                failures.AddRange(results.Select(r => $"{prefix}: {r.ErrorMessage}"));
            if (new[] { c.ClientId, c.RefreshToken, c.Issuer }.Any(v => SampleValues.Contains(v.Trim(), StringComparer.OrdinalIgnoreCase)))
                failures.Add($"{prefix}: a sample value is configured; set the application's real client id, refresh token and redirect domain.");
            if (!KeyLoads(c.PrivateKeyPem)) failures.Add($"{prefix}:PrivateKeyPem is not an RSA private key in PEM form.");
            if (c.BaseUrl is not { IsAbsoluteUri: true } url || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
                failures.Add($"{prefix}:BaseUrl must be an absolute https URL (http only on loopback, for the stand-in).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool KeyLoads(string pem)
    {
        if (string.IsNullOrWhiteSpace(pem)) return false;
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return rsa.KeySize >= 2048;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
