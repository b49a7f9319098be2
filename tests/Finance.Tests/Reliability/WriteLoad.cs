using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using Finance.Api.Invoicing;
using Finance.Tests.Invoicing;

namespace Finance.Tests.Reliability;

/// <summary>
/// A steady stream of API writes from a few concurrent writers, each looping customer → draft → issue → full payment (the
/// payment starts invoice.mark-paid on the workers), with the status and duration of every request kept. A request that
/// times out counts as status 0. Writers stop between requests, never cancelling one in flight.
/// </summary>
internal sealed class WriteLoad(HttpClient http, int writers)
{
    private static readonly string[] Companies = ["HYPERVISUAL", "DAINAMICS", "LEXAIA", "ENKI_REALTY", "TAKEOUT"];
    private readonly ConcurrentQueue<Write> _writes = new();

    public sealed record Write(TimeSpan StartedAt, int Status, TimeSpan Took, string Path);

    public IReadOnlyCollection<Write> Writes => _writes;

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => LoopAsync(w, stop))));

    private async Task LoopAsync(int writer, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var company = Companies[(writer + n) % Companies.Length];
            var customer = await PostAsync<CustomerResponse>("/api/customers",
                InvoicingClient.Customer(company, email: $"load-{writer}-{n}@client.example"));
            if (customer is null || stop.IsCancellationRequested) continue;
            var draft = await PostAsync<InvoiceResponse>("/api/invoices", InvoicingClient.Draft(company, customer.Id));
            if (draft is null || stop.IsCancellationRequested) continue;
            var issued = await PostAsync<InvoiceResponse>($"/api/invoices/{draft.Id}/issue", null);
            if (issued is null || stop.IsCancellationRequested) continue;
            await PostAsync<RecordedPaymentResponse>($"/api/invoices/{draft.Id}/payments",
                new PaymentRequest(new DateOnly(2026, 3, 1), issued.OpenAmount, issued.Currency, $"load {writer}/{n}"));
        }
    }

    private async Task<T?> PostAsync<T>(string path, object? body) where T : class
    {
        var startedAt = Clock.Elapsed;
        try
        {
            using var response = await http.PostAsJsonAsync(path, body);
            _writes.Enqueue(new Write(startedAt, (int)response.StatusCode, Clock.Elapsed - startedAt, path));
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<T>() : null;
        }
        catch (TaskCanceledException)
        {
            _writes.Enqueue(new Write(startedAt, 0, Clock.Elapsed - startedAt, path));
            return null;
        }
    }
}
