using Finance.Core.Events;
using Finance.Core.Integrations.Revolut;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Finance.Tests.Integrations;

public sealed class RateGateTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly RateLimit ThreePerMinute = new(3, TimeSpan.FromMinutes(1));

    // 08:00:20: 40 s left in the minute's window.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 20, TimeSpan.Zero));

    [Fact]
    public async Task InProcess_FourthCallInAMinute_ToldToWaitForTheNextWindowOtherCompanyUnaffected()
    {
        var gate = new InProcessRateGate(ThreePerMinute, _time);
        for (var i = 0; i < 3; i++) Assert.Equal(TimeSpan.Zero, await gate.TryTakeAsync("HYPERVISUAL", Ct));

        Assert.Equal(TimeSpan.FromSeconds(40), await gate.TryTakeAsync("HYPERVISUAL", Ct));
        Assert.Equal(TimeSpan.Zero, await gate.TryTakeAsync("LEXAIA", Ct));
        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(TimeSpan.Zero, await gate.TryTakeAsync("HYPERVISUAL", Ct));
    }

    [Fact]
    public async Task Redis_TwoHostsShareOneBudget_FourthCallWaitsAndCounterExpires()
    {
        var redis = await TestServers.Redis;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var keys = new RevolutRedisKeys(Options.Create(new FinanceRedisOptions { KeyPrefix = $"test:{Guid.NewGuid():N}:" }));
        var api = new RedisRateGate(connection, keys, ThreePerMinute, _time, NullLogger<RedisRateGate>.Instance);
        var workers = new RedisRateGate(connection, keys, ThreePerMinute, _time, NullLogger<RedisRateGate>.Instance);

        Assert.Equal(TimeSpan.Zero, await api.TryTakeAsync("HYPERVISUAL", Ct));
        Assert.Equal(TimeSpan.Zero, await workers.TryTakeAsync("HYPERVISUAL", Ct));
        Assert.Equal(TimeSpan.Zero, await api.TryTakeAsync("HYPERVISUAL", Ct));
        Assert.Equal(TimeSpan.FromSeconds(40), await workers.TryTakeAsync("HYPERVISUAL", Ct));
        Assert.Equal(TimeSpan.Zero, await workers.TryTakeAsync("LEXAIA", Ct));

        var ttl = await connection.GetDatabase().KeyTimeToLiveAsync(keys.RateWindow("HYPERVISUAL", ThreePerMinute.WindowIndex(_time.GetUtcNow())));
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(100), TimeSpan.FromMinutes(2));

        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(TimeSpan.Zero, await api.TryTakeAsync("HYPERVISUAL", Ct));
    }

    [Fact]
    public async Task WaitAsync_BudgetSpent_ReturnsOnlyOnceTheClockReachesTheNextWindow()
    {
        var gate = new InProcessRateGate(ThreePerMinute, _time);
        for (var i = 0; i < 3; i++) await gate.WaitAsync("HYPERVISUAL", _time, Ct);

        var waiting = gate.WaitAsync("HYPERVISUAL", _time, Ct);
        await Task.Delay(50, Ct);
        _time.Advance(TimeSpan.FromSeconds(39));
        await Task.Delay(50, Ct);
        Assert.False(waiting.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }
}
