using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Finance.Core.Integrations.Revolut;

/// <summary>
/// The Revolut Business API (OpenAPI <c>business.yaml</c>, servers <c>…/api/1.0</c>) for the configured companies. Every
/// call passes the company's <see cref="IRateGate"/>, carries a cached access token, waits out 429 as <c>Retry-After</c>
/// says (OpenAPI response <c>TooManyRequests</c>: "refrain from earlier retry attempts") and retries 5xx with doubling waits.
/// </summary>
public sealed class RevolutClient(HttpClient http, RevolutTokens tokens, IRateGate gate, IOptions<RevolutOptions> options, TimeProvider time)
{
    /// <summary><c>GET /accounts</c>.</summary>
    public async Task<IReadOnlyList<RevolutAccount>> GetAccountsAsync(string company, CancellationToken ct)
    {
        using var response = await SendAsync(company, "accounts", ct);
        return await response.Content.ReadFromJsonAsync<List<RevolutAccount>>(RevolutJson.Options, ct) ?? [];
    }

    /// <summary>
    /// <c>GET /transactions</c> created in [<paramref name="from"/>, <paramref name="to"/>), newest first, all pages. The API
    /// pages backwards: the next page's <c>to</c> (exclusive) is the last item's <c>created_at</c>. Items sharing that instant
    /// could then fall between two pages, so the next <c>to</c> is one microsecond (the API's precision) later and repeats
    /// are dropped by id: a page overlaps the previous one by its last instant. Only when that instant alone fills a page does
    /// paging move past it; more than <see cref="RevolutOptions.PageSize"/> transactions in one microsecond cannot all be read.
    /// </summary>
    public async Task<IReadOnlyList<RevolutTransaction>> GetTransactionsAsync(string company, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var count = options.Value.PageSize;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<RevolutTransaction>();
        var upper = to;
        while (true)
        {
            var query = $"transactions?from={Iso(from)}&to={Iso(upper)}&count={count.ToString(CultureInfo.InvariantCulture)}";
            using var response = await SendAsync(company, query, ct);
            var page = await response.Content.ReadFromJsonAsync<List<RevolutTransaction>>(RevolutJson.Options, ct) ?? [];
            result.AddRange(page.Where(t => seen.Add(t.Id)));
            if (page.Count < count) return result;
            var last = page[^1].CreatedAt;
            var next = last.AddTicks(TimeSpan.TicksPerMicrosecond);
            upper = next < upper ? next : last;
            if (upper <= from) return result;
        }
    }

    private static string Iso(DateTimeOffset t) => Uri.EscapeDataString(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));

    private async Task<HttpResponseMessage> SendAsync(string company, string relative, CancellationToken ct)
    {
        var o = options.Value;
        var baseUrl = o.Companies.TryGetValue(company, out var c) ? c.BaseUrl : throw new KeyNotFoundException($"No Revolut configuration for company {company}.");
        var wait = TimeSpan.Zero;
        var tokenRenewed = false;
        for (var attempt = 0; ; attempt++)
        {
            await gate.WaitAsync(company, time, ct);
            using var request = new HttpRequestMessage(HttpMethod.Get, RevolutUrls.Combine(baseUrl, relative));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(company, http, ct));
            var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode) return response;

            using (response)
            {
                var status = response.StatusCode;
                if (status == HttpStatusCode.Unauthorized && !tokenRenewed)
                {
                    // Revoked or expired early: renew once, then a second 401 is an error.
                    tokens.Invalidate(company);
                    tokenRenewed = true;
                    continue;
                }
                var retryAfter = RetryAfter(response);
                var retryable = status == HttpStatusCode.TooManyRequests || (int)status >= 500;
                if (!retryable || attempt >= o.MaxRetries)
                {
                    if (status == HttpStatusCode.TooManyRequests) throw new RevolutRateLimitedException(retryAfter ?? o.RetryMaxDelay);
                    throw new RevolutApiException(status, $"Revolut {relative.Split('?')[0]}: {(int)status} {await response.Content.ReadAsStringAsync(ct)}");
                }
                if (retryAfter > o.MaxRetryAfter) throw new RevolutRateLimitedException(retryAfter.Value);
                wait = Backoff.Next(wait, o.RetryMinDelay, o.RetryMaxDelay);
                // Retry-After is a floor (RFC 9110 §10.2.3); our own backoff may wait longer.
                if (retryAfter > wait) wait = retryAfter.Value;
            }
            await Task.Delay(wait, time, ct);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero,
        _ => null,
    };
}
