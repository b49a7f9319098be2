using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Finance.Core.Integrations.InvoiceNinja;

/// <summary>Invoice Ninja answered with an error.</summary>
public sealed class InvoiceNinjaApiException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>
/// Invoice Ninja v5 (OpenAPI <c>api-docs.yaml</c>) for the configured companies: every request carries <c>X-API-TOKEN</c>
/// and <c>X-Requested-With: XMLHttpRequest</c> (both "required" header parameters of every route); lists are read page by
/// page (<c>per_page</c>, <c>page</c>, until <c>meta.pagination.total_pages</c>) and filtered by <c>updated_at</c>.
/// </summary>
public sealed class InvoiceNinjaClient(HttpClient http, IOptions<InvoiceNinjaOptions> options)
{
    /// <summary>Clients changed at or after <paramref name="updatedSince"/> (all when null).</summary>
    public Task<IReadOnlyList<NinjaClient>> ListClientsAsync(string company, DateTimeOffset? updatedSince, CancellationToken ct) =>
        ListAsync<NinjaClient>(company, "clients", updatedSince, null, ct);

    public Task<IReadOnlyList<NinjaInvoice>> ListInvoicesAsync(string company, DateTimeOffset? updatedSince, CancellationToken ct) =>
        ListAsync<NinjaInvoice>(company, "invoices", updatedSince, null, ct);

    /// <summary>Every invoice of one client (<c>client_id</c> filter), whenever changed: a client taken late brings its invoices.</summary>
    public Task<IReadOnlyList<NinjaInvoice>> ListClientInvoicesAsync(string company, string clientId, CancellationToken ct) =>
        ListAsync<NinjaInvoice>(company, "invoices", null, null, ct, clientId);

    public Task<IReadOnlyList<NinjaPayment>> ListPaymentsAsync(string company, DateTimeOffset? updatedSince, CancellationToken ct) =>
        ListAsync<NinjaPayment>(company, "payments", updatedSince, null, ct);

    public Task<NinjaClient?> GetClientAsync(string company, string id, CancellationToken ct) => GetAsync<NinjaClient>(company, "clients", id, ct);

    public Task<NinjaInvoice?> GetInvoiceAsync(string company, string id, CancellationToken ct) => GetAsync<NinjaInvoice>(company, "invoices", id, ct);

    public Task<NinjaPayment?> GetPaymentAsync(string company, string id, CancellationToken ct) => GetAsync<NinjaPayment>(company, "payments", id, ct);

    /// <summary>
    /// Records our payment against the invoice there (<c>POST /api/v1/payments</c> with <c>invoices: [{invoice_id, amount}]</c>),
    /// once: our payment id goes into <c>transaction_reference</c> and the configured custom field, and a payment already
    /// carrying it is returned instead of creating another. Pushes for one company must not run concurrently (the sync runs
    /// them in sequence): the look-up and the create are two calls.
    /// </summary>
    public async Task<NinjaPaymentPushResult> PushPaymentAsync(string company, NinjaPaymentPush push, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(push);
        var field = options.Value.PaymentIdCustomField;
        var candidates = await ListAsync<NinjaPayment>(company, "payments", null, push.OurPaymentId, ct);
        var existing = candidates.FirstOrDefault(p => !p.IsDeleted && p.CustomValue(field) == push.OurPaymentId);
        if (existing is not null) return new NinjaPaymentPushResult(existing, Created: false);

        var body = new Dictionary<string, object?>
        {
            ["client_id"] = push.ClientId,
            ["amount"] = push.Amount,
            ["date"] = push.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["transaction_reference"] = push.OurPaymentId,
            [$"custom_value{field}"] = push.OurPaymentId,
            ["private_notes"] = push.Note,
            ["invoices"] = new[] { new Dictionary<string, object> { ["invoice_id"] = push.InvoiceId, ["amount"] = push.Amount } },
        };
        using var request = Request(company, HttpMethod.Post, "payments");
        request.Content = JsonContent.Create(body, options: NinjaJson.Options);
        using var response = await SendAsync(request, ct);
        return new NinjaPaymentPushResult(await ReadOneAsync<NinjaPayment>(response, ct), Created: true);
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(string company, string resource, DateTimeOffset? updatedSince, string? filter, CancellationToken ct,
        string? clientId = null)
    {
        var result = new List<T>();
        for (var page = 1; ; page++)
        {
            var query = $"{resource}?per_page={options.Value.PageSize.ToString(CultureInfo.InvariantCulture)}&page={page.ToString(CultureInfo.InvariantCulture)}";
            // updated_at: "a datetime string or unix timestamp" (OpenAPI default_filters); the server keeps updated_at >= it.
            if (updatedSince is { } since) query += $"&updated_at={since.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";
            if (filter is not null) query += $"&filter={Uri.EscapeDataString(filter)}";
            if (clientId is not null) query += $"&client_id={Uri.EscapeDataString(clientId)}";
            using var request = Request(company, HttpMethod.Get, query);
            using var response = await SendAsync(request, ct);
            var list = await response.Content.ReadFromJsonAsync<NinjaList<T>>(NinjaJson.Options, ct)
                ?? throw new InvoiceNinjaApiException(response.StatusCode, $"Invoice Ninja {resource}: empty answer.");
            result.AddRange(list.Data);
            var pagination = list.Meta?.Pagination;
            if (pagination is null || pagination.CurrentPage >= pagination.TotalPages || list.Data.Count == 0) return result;
        }
    }

    private async Task<T?> GetAsync<T>(string company, string resource, string id, CancellationToken ct) where T : class
    {
        using var request = Request(company, HttpMethod.Get, $"{resource}/{Uri.EscapeDataString(id)}");
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await EnsureSuccessAsync(response, ct);
        return await ReadOneAsync<T>(response, ct);
    }

    /// <summary>The OpenAPI gives single records bare; the server wraps them in <c>data</c> (its transformer): accept both.</summary>
    private static async Task<T> ReadOneAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(ct), cancellationToken: ct);
        var root = document.RootElement;
        var element = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : root;
        return element.Deserialize<T>(NinjaJson.Options) ?? throw new InvoiceNinjaApiException(response.StatusCode, "Invoice Ninja: empty record.");
    }

    private HttpRequestMessage Request(string company, HttpMethod method, string relative)
    {
        var c = options.Value.Companies.TryGetValue(company, out var found) ? found : throw new KeyNotFoundException($"No Invoice Ninja configuration for company {company}.");
        var request = new HttpRequestMessage(method, new Uri($"{c.BaseUrl.AbsoluteUri.TrimEnd('/')}/api/v1/{relative}"));
        request.Headers.Add("X-API-TOKEN", c.ApiToken);
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await http.SendAsync(request, ct);
        try
        {
            await EnsureSuccessAsync(response, ct);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode) return;
        var path = response.RequestMessage?.RequestUri?.AbsolutePath;
        throw new InvoiceNinjaApiException(response.StatusCode, $"Invoice Ninja {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
    }

    private sealed record NinjaList<T>(List<T> Data, NinjaMeta? Meta);

    private sealed record NinjaMeta(NinjaPagination? Pagination);

    /// <summary>OpenAPI schema <c>Pagination</c>.</summary>
    private sealed record NinjaPagination(int Total, int Count, int PerPage, int CurrentPage, int TotalPages);
}
