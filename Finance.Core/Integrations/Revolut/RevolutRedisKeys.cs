using Finance.Core.Events;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Finance.Core.Integrations.Revolut;

/// <summary>The Revolut integration's Redis keys, under the system's one prefix (STYLE.md 14; <see cref="RedisKeys"/> holds the platform's).</summary>
public sealed class RevolutRedisKeys(IOptions<FinanceRedisOptions> options)
{
    private readonly string _prefix = options.Value.KeyPrefix + "revolut:";

    public RedisKey RateWindow(string company, long window) => $"{_prefix}rate:{company.ToUpperInvariant()}:{window}";

    public RedisKey SeenWebhook(string signature) => $"{_prefix}webhook-seen:{signature}";
}
