using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Finance.Core.Integrations.Revolut;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Finance.Tests.Integrations;

/// <summary>The Revolut client against the fake built from the OpenAPI (business.yaml) on a fake clock.</summary>
public sealed class RevolutClientTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task GetAccountsAsync_SpecExample_SignedAssertionAcceptedAndAccountsMappedAsDecimals()
    {
        using var kit = new RevolutKit();

        var accounts = await kit.Client.GetAccountsAsync(RevolutKit.Company, Ct);

        Assert.Empty(kit.Fake.Refusals);
        Assert.Equal(1, kit.Fake.TokensIssued);
        Assert.Equal(2, accounts.Count);
        Assert.Equal(("International account", 3171.89m, "GBP", false), (accounts[0].Name, accounts[0].Balance, accounts[0].Currency, accounts[0].Public));
        Assert.Equal(411561.89m, accounts[1].Balance);
        Assert.Equal(new DateTimeOffset(2022, 8, 30, 14, 29, 22, TimeSpan.Zero).AddTicks(2157850), accounts[1].UpdatedAt);
        var token = kit.Server.LogEntries.Single(e => e.RequestMessage.Path.EndsWith("/auth/token", StringComparison.Ordinal));
        Assert.Contains("grant_type=refresh_token", token.RequestMessage.Body, StringComparison.Ordinal);
        Assert.Contains("client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer", token.RequestMessage.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAccountsAsync_AssertionSignedWithAnotherKey_RefusedByTokenEndpoint()
    {
        using var otherKey = RSA.Create(2048);
        using var kit = new RevolutKit(signingKey: otherKey);

        var e = await Assert.ThrowsAsync<RevolutApiException>(() => kit.Client.GetAccountsAsync(RevolutKit.Company, Ct));

        Assert.Equal(HttpStatusCode.BadRequest, e.Status);
        Assert.Equal(["client_assertion signature does not verify"], kit.Fake.Refusals);
        Assert.Equal(0, kit.Requests("/accounts"));
    }

    [Fact]
    public async Task Tokens_NearExpiry_RenewedBeforeTheyExpireWithoutA401()
    {
        using var kit = new RevolutKit();
        await kit.Client.GetAccountsAsync(RevolutKit.Company, Ct);

        kit.Time.Advance(TimeSpan.FromMinutes(34)); // expires_in 2399 s, margin 5 min: still good for under 35 min
        await kit.Client.GetAccountsAsync(RevolutKit.Company, Ct);
        Assert.Equal(1, kit.Fake.TokensIssued);

        kit.Time.Advance(TimeSpan.FromMinutes(2)); // 36 min: inside the margin, the old token still valid for ~4 min
        await kit.Client.GetAccountsAsync(RevolutKit.Company, Ct);

        Assert.Equal(2, kit.Fake.TokensIssued);
        Assert.DoesNotContain(kit.Server.LogEntries, e => e.ResponseMessage.StatusCode is 401);
        Assert.Equal(3, kit.Requests("/accounts"));
    }

    [Fact]
    public async Task GetAccountsAsync_TokenRevokedWhileCached_401ThenOneNewTokenAndSuccess()
    {
        using var kit = new RevolutKit();
        await kit.Client.GetAccountsAsync(RevolutKit.Company, Ct);
        kit.Fake.RevokeTokens();

        var accounts = await kit.Client.GetAccountsAsync(RevolutKit.Company, Ct);

        Assert.Equal(2, accounts.Count);
        Assert.Equal(2, kit.Fake.TokensIssued);
        Assert.Single(kit.Server.LogEntries, e => e.ResponseMessage.StatusCode is 401);
    }

    [Fact]
    public async Task GetTransactionsAsync_SevenTransactionsPagesOfThree_PagedBackByLastCreatedAtOverlappingOneInstant()
    {
        using var kit = new RevolutKit(RevolutKit.Transfers(7));
        var from = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

        var transactions = await kit.Client.GetTransactionsAsync(RevolutKit.Company, from, kit.Time.GetUtcNow(), Ct);

        Assert.Equal(Enumerable.Range(1, 7).Reverse().Select(i => 10m + i / 100m), transactions.Select(t => t.Legs.Single().Amount));
        var pages = kit.Server.LogEntries.Where(e => e.RequestMessage.Path.EndsWith("/transactions", StringComparison.Ordinal)).Select(e => e.RequestMessage).ToList();
        Assert.Equal(4, pages.Count); // 7,6,5 | 5,4,3 | 3,2,1 | 1: the overlap re-reads each page's last instant
        Assert.All(pages, p => Assert.Equal("3", p.Query!["count"][0]));
        Assert.All(pages, p => Assert.Equal("2026-11-01T00:00:00.000000Z", p.Query!["from"][0]));
        // Each page ends one microsecond after the previous page's oldest item (05:00, 03:00, 01:00).
        Assert.Equal(["2026-12-02T08:00:00.000000Z", "2026-11-01T05:00:00.000001Z", "2026-11-01T03:00:00.000001Z", "2026-11-01T01:00:00.000001Z"],
            pages.Select(p => p.Query!["to"][0]));
    }

    [Fact]
    public async Task GetTransactionsAsync_SameInstantAcrossPageBoundary_NoneLostNoneRepeated()
    {
        var instant = new DateTimeOffset(2026, 11, 15, 12, 0, 0, TimeSpan.Zero);
        using var kit = new RevolutKit(RevolutKit.Transfers(7, i => i is 3 or 4 or 5 ? instant : instant.AddHours(i - 4)));

        var transactions = await kit.Client.GetTransactionsAsync(RevolutKit.Company, instant.AddDays(-1), kit.Time.GetUtcNow(), Ct);

        Assert.Equal(7, transactions.Count);
        Assert.Equal(7, transactions.Select(t => t.Id).Distinct().Count());
        Assert.Equal(3, kit.Requests("/transactions")); // 7,6,3 | 3,4,5 (one instant fills the page: move past it) | 2,1
    }

    [Fact]
    public async Task GetTransactionsAsync_SpecExamples_LegsFeesCounterpartiesAndTimesMapped()
    {
        using var kit = new RevolutKit(configure: o => o.PageSize = 100);

        var all = await kit.Client.GetTransactionsAsync(RevolutKit.Company, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), kit.Time.GetUtcNow(), Ct);

        Assert.Equal(["6886001b-c4a4-4920-912b-c9d7d2575bf7", "630f9890-95e3-add1-be4a-95f126988221", "640c2b97-aaaa-1234-aaaa-c47a165c2e7e"], all.Select(t => t.Id));
        var transfer = all[1];
        Assert.Equal(("transfer", "pending", "invoice00912345", (DateTimeOffset?)null), (transfer.Type, transfer.State, transfer.Reference, transfer.CompletedAt));
        var leg = transfer.Legs.Single();
        Assert.Equal((-1.16m, "EUR", -1m, "GBP", "To John Doe"), (leg.Amount, leg.Currency, leg.BillAmount, leg.BillCurrency, leg.Description));
        Assert.Equal(new RevolutCounterparty(null, "e0af9f24-504c-4c5d-bd1d-07edf9f49876", "revolut"), leg.Counterparty);
        var card = all[2];
        Assert.Equal((0.66m, 7.74m), (card.Legs[0].Fee, card.Legs[0].Balance));
        Assert.Equal(DateTimeOffset.Parse("2024-03-12T02:13:36.836595Z", CultureInfo.InvariantCulture), card.CompletedAt);
        Assert.Equal(TimeSpan.Zero, card.CreatedAt.Offset);
        Assert.Equal("Acme Corp.", card.Merchant?.Name);
    }

    [Fact]
    public async Task GetTransactionsAsync_429WithRetryAfter_WaitsThatLongThenSucceeds()
    {
        using var kit = new RevolutKit(RevolutKit.Transfers(2));
        kit.Server.Given(Request.Create().WithPath("/api/1.0/transactions").UsingGet()).AtPriority(1).InScenario("limit").WillSetStateTo("served")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "30").WithHeader("Content-Type", "application/json")
                .WithBody("""{"error_id":"06153eec-c5cd-4db8-8898-7ae96b9d89ab","code":3162,"message":"Request rate limit has been reached. Try again after 30 seconds."}"""));

        var call = kit.Client.GetTransactionsAsync(RevolutKit.Company, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), kit.Time.GetUtcNow(), Ct);
        // Small clock steps: the fake clock also runs on while the real HTTP round trips take wall time (under load, whole seconds).
        var waited = await kit.AdvanceUntilDoneAsync(call, TimeSpan.FromMilliseconds(100));

        Assert.Equal(2, (await call).Count);
        Assert.Equal(2, kit.Requests("/transactions"));
        Assert.InRange(waited, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(40));
    }

    [Fact]
    public async Task GetTransactionsAsync_RetryAfterBeyondTheCap_ThrowsRateLimitedWithTheWait()
    {
        using var kit = new RevolutKit(RevolutKit.Transfers(2));
        kit.Server.Given(Request.Create().WithPath("/api/1.0/transactions").UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "3600"));

        var e = await Assert.ThrowsAsync<RevolutRateLimitedException>(() =>
            kit.Client.GetTransactionsAsync(RevolutKit.Company, new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), kit.Time.GetUtcNow(), Ct));

        Assert.Equal(TimeSpan.FromHours(1), e.RetryAfter);
        Assert.Equal(1, kit.Requests("/transactions"));
    }

    [Fact]
    public async Task GetAccountsAsync_500ThenSuccess_RetriedAfterBackoff()
    {
        using var kit = new RevolutKit();
        kit.Server.Given(Request.Create().WithPath("/api/1.0/accounts").UsingGet()).AtPriority(1).InScenario("outage").WillSetStateTo("over")
            .RespondWith(Response.Create().WithStatusCode(500).WithHeader("Content-Type", "application/json")
                .WithBody("""{"error_id":"7f96652e-7518-4229-872b-4e4c867fb4da","code":5000,"message":"An unexpected error occurred while processing your request."}"""));

        var call = kit.Client.GetAccountsAsync(RevolutKit.Company, Ct);
        var waited = await kit.AdvanceUntilDoneAsync(call, TimeSpan.FromMilliseconds(250));

        Assert.Equal(2, (await call).Count);
        Assert.Equal(2, kit.Requests("/accounts"));
        Assert.True(waited >= kit.Options.RetryMinDelay, $"retried after {waited}, before the backoff's {kit.Options.RetryMinDelay}");
    }

    [Fact]
    public async Task GetAccountsAsync_500Always_GivesUpAfterMaxRetries()
    {
        using var kit = new RevolutKit(configure: o => o.MaxRetries = 2);
        kit.Server.Given(Request.Create().WithPath("/api/1.0/accounts").UsingGet()).AtPriority(1).RespondWith(Response.Create().WithStatusCode(503));

        var call = kit.Client.GetAccountsAsync(RevolutKit.Company, Ct);
        await kit.AdvanceUntilDoneAsync(call.ContinueWith(_ => { }, TaskScheduler.Default), TimeSpan.FromSeconds(1));

        var e = await Assert.ThrowsAsync<RevolutApiException>(() => call);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.Status);
        Assert.Equal(3, kit.Requests("/accounts"));
    }
}
