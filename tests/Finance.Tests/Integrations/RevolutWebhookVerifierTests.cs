using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Finance.Core.Events;
using Finance.Core.Integrations.Revolut;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Finance.Tests.Integrations;

/// <summary>Webhooks v2 signatures: HMAC-SHA256 over <c>v1.{timestamp}.{body}</c>, computed here independently of the verifier.</summary>
public sealed class RevolutWebhookVerifierTests
{
    private const string Secret = "wsk_4jETWMz1g1b37gCONjNp84t2KSSIT7dK"; // the OpenAPI's example signing secret
    private static readonly CancellationToken Ct = CancellationToken.None;

    /// <summary>A payload from the OpenAPI's failed-events example (PayoutLinkStateChanged), byte for byte as sent.</summary>
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(
        """{"data":{"id":"0e1a8d4b-1d1e-457d-9f10-3e7007a82ea8","request_id":"2e2837f5-828d-473f-85e8-5614afd3f8e8","old_state":"active","new_state":"processed"},"event":"PayoutLinkStateChanged","timestamp":"2023-07-22T12:31:18.534798Z"}""");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));

    private string Now => _time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    private static string Sign(string timestamp, byte[] body, string secret) =>
        "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), (byte[])[.. Encoding.UTF8.GetBytes($"v1.{timestamp}."), .. body]));

    private RevolutWebhookVerifier Verifier(IReplayGuard? guard = null) =>
        new(_time, guard ?? new InMemoryReplayGuard(_time), Options.Create(new RevolutOptions()));

    [Fact]
    public async Task VerifyAsync_GoodSignature_Valid()
    {
        var ts = Now;
        Assert.Equal(RevolutWebhookVerdict.Valid, await Verifier().VerifyAsync(ts, Sign(ts, Body, Secret), Body, Secret, Ct));
    }

    [Fact]
    public async Task VerifyAsync_SeveralSignaturesDuringRotation_ValidWhenAnyMatches()
    {
        var ts = Now;
        var header = $"{Sign(ts, Body, "wsk_old0000000000000000000000000000")},{Sign(ts, Body, Secret)}";
        Assert.Equal(RevolutWebhookVerdict.Valid, await Verifier().VerifyAsync(ts, header, Body, Secret, Ct));
    }

    [Fact]
    public async Task VerifyAsync_BodyChangedOrWrongSecretOrMalformed_BadSignature()
    {
        var ts = Now;
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Body).Replace("processed", "cancelled", StringComparison.Ordinal));
        var verifier = Verifier();
        Assert.Equal(RevolutWebhookVerdict.BadSignature, await verifier.VerifyAsync(ts, Sign(ts, Body, Secret), tampered, Secret, Ct));
        Assert.Equal(RevolutWebhookVerdict.BadSignature, await verifier.VerifyAsync(ts, Sign(ts, Body, "wsk_other"), Body, Secret, Ct));
        Assert.Equal(RevolutWebhookVerdict.BadSignature, await verifier.VerifyAsync(ts, "v1=zz", Body, Secret, Ct));
        Assert.Equal(RevolutWebhookVerdict.BadSignature, await verifier.VerifyAsync(ts, Sign(ts, Body, Secret).Replace("v1=", "v0=", StringComparison.Ordinal), Body, Secret, Ct));
        // The timestamp is signed: moving it breaks the signature.
        Assert.Equal(RevolutWebhookVerdict.BadSignature, await verifier.VerifyAsync((long.Parse(ts, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture), Sign(ts, Body, Secret), Body, Secret, Ct));
        Assert.Equal(RevolutWebhookVerdict.MissingHeaders, await verifier.VerifyAsync(null, Sign(ts, Body, Secret), Body, Secret, Ct));
    }

    [Fact]
    public async Task VerifyAsync_TimestampSixMinutesOld_OutsideTolerance()
    {
        var old = _time.GetUtcNow().AddMinutes(-6).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var recent = _time.GetUtcNow().AddMinutes(-4).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var verifier = Verifier();
        Assert.Equal(RevolutWebhookVerdict.OutsideTolerance, await verifier.VerifyAsync(old, Sign(old, Body, Secret), Body, Secret, Ct));
        Assert.Equal(RevolutWebhookVerdict.Valid, await verifier.VerifyAsync(recent, Sign(recent, Body, Secret), Body, Secret, Ct));
    }

    [Fact]
    public async Task VerifyAsync_SameMessageTwice_SecondRefusedAsReplay()
    {
        var ts = Now;
        var verifier = Verifier();
        Assert.Equal(RevolutWebhookVerdict.Valid, await verifier.VerifyAsync(ts, Sign(ts, Body, Secret), Body, Secret, Ct));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(RevolutWebhookVerdict.Replayed, await verifier.VerifyAsync(ts, Sign(ts, Body, Secret), Body, Secret, Ct));
    }

    [Fact]
    public async Task VerifyAsync_RedisGuardAcrossTwoHosts_ReplayRefusedByTheOtherHostAndForgottenAfterTheWindow()
    {
        var redis = await TestServers.Redis;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var keys = new RevolutRedisKeys(Options.Create(new FinanceRedisOptions { KeyPrefix = $"test:{Guid.NewGuid():N}:" }));
        var ts = Now;
        var signature = Sign(ts, Body, Secret);

        Assert.Equal(RevolutWebhookVerdict.Valid, await Verifier(new RedisReplayGuard(connection, keys)).VerifyAsync(ts, signature, Body, Secret, Ct));
        Assert.Equal(RevolutWebhookVerdict.Replayed, await Verifier(new RedisReplayGuard(connection, keys)).VerifyAsync(ts, signature, Body, Secret, Ct));

        var ttl = await connection.GetDatabase().KeyTimeToLiveAsync(keys.SeenWebhook(signature["v1=".Length..]));
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10)); // twice the 5-minute tolerance
    }
}
