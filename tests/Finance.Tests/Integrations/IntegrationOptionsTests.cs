using System.Security.Cryptography;
using Finance.Core.Integrations.InvoiceNinja;
using Finance.Core.Integrations.Revolut;
using Finance.StandIns;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Finance.Tests.Integrations;

/// <summary>AddRevolut / AddInvoiceNinja: configuration bound, validated when the host starts, services resolvable.</summary>
public sealed class IntegrationOptionsTests
{
    private static IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        // As the API host has it (ServiceDefaults): a retrying handler on every HttpClient.
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        builder.Services.AddRevolut();
        builder.Services.AddInvoiceNinja();
        return builder.Build();
    }

    private static Dictionary<string, string?> Valid()
    {
        using var key = RSA.Create(2048);
        return new()
        {
            ["Revolut:RateWindow"] = "00:01:00",
            ["Revolut:Companies:HYPERVISUAL:ClientId"] = "rq7bLPqHvN6GsChsKQRdvMvH3TUo2tOCxNXvrN4hZj8",
            ["Revolut:Companies:HYPERVISUAL:RefreshToken"] = "oa_prod_rPo9OmbMAuguhQffR6RLR4nvmzpx4NJtpdyvGKkrS3U",
            ["Revolut:Companies:HYPERVISUAL:Issuer"] = "finance.hypervisual.ch",
            ["Revolut:Companies:HYPERVISUAL:PrivateKeyPem"] = key.ExportPkcs8PrivateKeyPem(),
            ["InvoiceNinja:Companies:LEXAIA:BaseUrl"] = "https://invoicing.co",
            ["InvoiceNinja:Companies:LEXAIA:ApiToken"] = "tOk3n-8f3a1c9e2b7d4f60a5e1c3b9d7f2a4e6",
        };
    }

    [Fact]
    public async Task Start_ValidConfiguration_StartsAndResolvesClients()
    {
        using var host = Host(Valid());
        await host.StartAsync();

        Assert.NotNull(host.Services.GetRequiredService<RevolutClient>());
        Assert.NotNull(host.Services.GetRequiredService<InvoiceNinjaClient>());
        Assert.IsType<InProcessRateGate>(host.Services.GetRequiredService<IRateGate>());
        Assert.Equal(new Uri("https://b2b.revolut.com/api/1.0"), host.Services.GetRequiredService<IOptions<RevolutOptions>>().Value.Companies["hypervisual"].BaseUrl);
        await host.StopAsync();
    }

    [Fact]
    public async Task Start_BadKeyPlainHttpAndSampleToken_RefusedWithEveryReason()
    {
        var settings = Valid();
        settings["Revolut:Companies:HYPERVISUAL:PrivateKeyPem"] = "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----";
        settings["Revolut:Companies:HYPERVISUAL:BaseUrl"] = "http://b2b.revolut.com/api/1.0";
        settings["InvoiceNinja:Companies:LEXAIA:ApiToken"] = "TOKEN";
        using var host = Host(settings);

        // Both sections fail: the host reports them together.
        var e = await Assert.ThrowsAsync<AggregateException>(() => host.StartAsync());

        var all = string.Join("\n", e.InnerExceptions.OfType<OptionsValidationException>().SelectMany(v => v.Failures));
        Assert.Contains("PrivateKeyPem is not an RSA private key", all, StringComparison.Ordinal);
        Assert.Contains("BaseUrl must be an absolute https URL", all, StringComparison.Ordinal);
        Assert.Contains("ApiToken is a sample value", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushPaymentAsync_InAHostWithDefaultResilience_A500IsNotRetriedUnderneath()
    {
        using var server = WireMockServer.Start();
        _ = new InvoiceNinjaFake(server, new InvoiceNinjaSeed { ApiToken = "tOk3n-8f3a1c9e2b7d4f60a5e1c3b9d7f2a4e6" });
        server.Given(Request.Create().WithPath("/api/v1/payments").UsingPost()).AtPriority(1).RespondWith(Response.Create().WithStatusCode(500));
        var settings = Valid();
        settings["InvoiceNinja:Companies:LEXAIA:BaseUrl"] = server.Url;
        using var host = Host(settings);
        await host.StartAsync();
        var client = host.Services.GetRequiredService<InvoiceNinjaClient>();

        await Assert.ThrowsAsync<InvoiceNinjaApiException>(() =>
            client.PushPaymentAsync("LEXAIA", new NinjaPaymentPush("pay-1", "c1", "i1", 10m, new DateOnly(2026, 12, 1)), CancellationToken.None));

        Assert.Single(server.LogEntries, e => e.RequestMessage.Method == "POST");
        await host.StopAsync();
    }

    [Fact]
    public async Task Start_MissingRefreshToken_Refused()
    {
        var settings = Valid();
        settings.Remove("Revolut:Companies:HYPERVISUAL:RefreshToken");
        using var host = Host(settings);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(e.Failures, f => f.Contains("RefreshToken", StringComparison.Ordinal));
    }
}
