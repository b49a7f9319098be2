using System.ComponentModel.DataAnnotations;
using StackExchange.Redis;

namespace Finance.Core.Events;

/// <summary>Redis settings. <see cref="KeyPrefix"/> lets several environments (or test classes) share a server.</summary>
public sealed class FinanceRedisOptions
{
    public const string SectionName = "Redis";

    [Required, RegularExpression("^[a-z0-9_.:-]{1,40}$")]
    public string KeyPrefix { get; set; } = "finance:";

    /// <summary>Approximate cap on the events stream; older entries are trimmed (the outbox keeps the history).</summary>
    [Range(1_000, 100_000_000)]
    public int EventStreamMaxLength { get; set; } = 100_000;
}

/// <summary>Every Redis key the system uses is built here, under one prefix (STYLE.md 14).</summary>
public sealed class RedisKeys(Microsoft.Extensions.Options.IOptions<FinanceRedisOptions> options)
{
    private readonly string _prefix = options.Value.KeyPrefix;

    public RedisKey Events => _prefix + "events";

    /// <summary>A dashboard as of the event stream's entry <paramref name="version"/>, for one scope (company or all) and set of companies.</summary>
    public RedisKey Dashboard(string scope, string companies, string version) => $"{_prefix}dashboard:{scope}:{companies}:{version}";
}
