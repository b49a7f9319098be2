using Finance.Core.Invoicing;
using Finance.Tests.Infrastructure;

namespace Finance.Tests.Invoicing;

public sealed class InvoiceNumberingTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly ApiFactory _api = fixture.Api;

    [Fact]
    public async Task Issue_200DraftsInParallel_GetConsecutiveNumbersWithoutGaps()
    {
        var client = new InvoicingClient(_api.ClientWithToken());
        var customer = await client.CreateCustomerAsync("LEXAIA");
        var drafts = new List<Guid>();
        foreach (var chunk in Enumerable.Range(0, 200).Chunk(20))
            drafts.AddRange((await Task.WhenAll(chunk.Select(_ => client.CreateDraftAsync("LEXAIA", customer.Id)))).Select(d => d.Id));

        var issued = await Task.WhenAll(drafts.Select(client.IssueAsync));

        var year = SwissCalendar.Today(TimeProvider.System).Year;
        var expected = Enumerable.Range(1, 200).Select(n => $"LEXAIA-{year}-{n:D5}");
        Assert.Equal(expected, issued.Select(i => i.Number!).Order(StringComparer.Ordinal));
        Assert.Equal(200, issued.Select(i => i.PaymentReference).Distinct().Count());
    }
}
