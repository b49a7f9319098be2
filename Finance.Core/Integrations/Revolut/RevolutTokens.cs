using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Finance.Core.Integrations.Revolut;

/// <summary>
/// Access tokens per company, cached until <see cref="RevolutOptions.TokenRefreshMargin"/> before they expire (Revolut's
/// last 40 minutes, OpenAPI security scheme <c>AccessToken</c>). One exchange at a time per company: concurrent callers wait
/// for it rather than each spending a call of the rate budget.
/// </summary>
public sealed class RevolutTokens(IOptions<RevolutOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);

    public async Task<string> GetAsync(string company, HttpClient http, CancellationToken ct)
    {
        var entry = _entries.GetOrAdd(company, _ => new Entry());
        if (entry.Current is { } cached && time.GetUtcNow() < cached.RenewAt) return cached.Token;
        await entry.Lock.WaitAsync(ct);
        try
        {
            if (entry.Current is { } fresh && time.GetUtcNow() < fresh.RenewAt) return fresh.Token;
            var (token, lifetime) = await ExchangeAsync(Company(company), http, ct);
            entry.Current = new Cached(token, time.GetUtcNow() + lifetime - options.Value.TokenRefreshMargin);
            return token;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    /// <summary>Forgets the company's token (after a 401: revoked or expired early), so the next call exchanges again.</summary>
    public void Invalidate(string company)
    {
        if (_entries.TryGetValue(company, out var entry)) entry.Current = null;
    }

    private RevolutCompanyOptions Company(string company) =>
        options.Value.Companies.TryGetValue(company, out var c) ? c : throw new KeyNotFoundException($"No Revolut configuration for company {company}.");

    private async Task<(string Token, TimeSpan Lifetime)> ExchangeAsync(RevolutCompanyOptions company, HttpClient http, CancellationToken ct)
    {
        string assertion;
        using (var key = RSA.Create())
        {
            key.ImportFromPem(company.PrivateKeyPem);
            assertion = RevolutClientAssertion.Create(key, company.Issuer, company.ClientId, time.GetUtcNow() + options.Value.AssertionLifetime);
        }
        // Revolut's token request: form-encoded refresh_token grant with the client assertion (RFC 6749 §6, RFC 7523 §2.2).
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = company.RefreshToken,
            ["client_id"] = company.ClientId,
            ["client_assertion_type"] = RevolutClientAssertion.AssertionType,
            ["client_assertion"] = assertion,
        });
        using var response = await http.PostAsync(RevolutUrls.Combine(company.BaseUrl, "auth/token"), form, ct);
        if (!response.IsSuccessStatusCode)
            throw new RevolutApiException(response.StatusCode, $"Revolut token exchange failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        var body = await response.Content.ReadFromJsonAsync<RevolutTokenResponse>(RevolutJson.Options, ct)
            ?? throw new RevolutApiException(response.StatusCode, "Revolut token exchange returned no body.");
        return (body.AccessToken, TimeSpan.FromSeconds(body.ExpiresIn));
    }

    private sealed record Cached(string Token, DateTimeOffset RenewAt);

    /// <summary>The token and its renewal time change together: one reference, swapped whole.</summary>
    private sealed class Entry
    {
        private volatile Cached? _current;

        public SemaphoreSlim Lock { get; } = new(1, 1);

        public Cached? Current { get => _current; set => _current = value; }
    }
}

internal static class RevolutUrls
{
    /// <summary>Appends a relative path to the base (<c>…/api/1.0</c>) without Uri's rule that drops its last segment.</summary>
    public static Uri Combine(Uri baseUrl, string relative) => new($"{baseUrl.AbsoluteUri.TrimEnd('/')}/{relative}");
}
