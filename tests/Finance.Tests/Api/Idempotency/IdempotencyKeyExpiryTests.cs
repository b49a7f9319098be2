using System.Net;
using System.Net.Http.Json;
using Finance.Api.Invoicing;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using Microsoft.Extensions.Time.Testing;

namespace Finance.Tests.Api.Idempotency;

/// <summary>A key's first answer is kept for <c>Idempotency:Retention</c> (24 h) on the API's clock, then the key is free again.</summary>
public sealed class IdempotencyKeyExpiryTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime, IAsyncDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
    private ApiFactory _api = null!;

    public Task InitializeAsync()
    {
        _api = new ApiFactory(database, _clock);
        return Task.CompletedTask;
    }

    // xunit v2 calls IAsyncLifetime.DisposeAsync only; both names lead to the one disposal.
    public Task DisposeAsync() => ((IAsyncDisposable)this).DisposeAsync().AsTask();

    ValueTask IAsyncDisposable.DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task RecordPayment_SameKeyAfterTheRetention_RecordsAgain()
    {
        var client = new InvoicingClient(_api.ClientWithToken());
        var invoice = await client.IssuedInvoiceAsync();

        await PayAsync(client, invoice.Id, "key-expiry");
        _clock.Advance(TimeSpan.FromHours(23));
        var within = await PayAsync(client, invoice.Id, "key-expiry");
        _clock.Advance(TimeSpan.FromHours(2));
        var after = await PayAsync(client, invoice.Id, "key-expiry");

        Assert.True(within.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.False(after.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(2, await database.DataSource.CountAsync("SELECT count(*) FROM invoice_payments WHERE invoice_id = @id", new { id = invoice.Id }));
    }

    private static async Task<HttpResponseMessage> PayAsync(InvoicingClient client, Guid invoiceId, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/invoices/{invoiceId}/payments")
        {
            Content = JsonContent.Create(new PaymentRequest(new DateOnly(2026, 3, 1), 100m, "CHF", "bank statement 42")),
        };
        request.Headers.Add("Idempotency-Key", key);
        var response = await client.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return response;
    }
}
