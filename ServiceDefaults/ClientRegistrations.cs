using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// PostgreSQL and Redis through Aspire's client integrations (Aspire.Npgsql, Aspire.StackExchange.Redis: connection
/// string <c>ConnectionStrings:{name}</c>, health check, traces, metrics), with the two choices that are ours: a pool
/// size per host, and Redis reported Degraded rather than Unhealthy when it is down (DESIGN.md §4).
/// </summary>
public static class ClientRegistrations
{
    /// <summary>
    /// Registers <see cref="NpgsqlDataSource"/> with a pool of at most <paramref name="maxPoolSize"/> connections
    /// (<c>Database:MaxPoolSize</c> overrides it). Each host takes its share so that the API, the workers and the
    /// migration step together stay below the server's <c>max_connections</c> (PostgreSQL's default 100, 3 reserved): a
    /// burst of requests then waits for a pooled connection (up to the connection string's Timeout, 15 s by default)
    /// instead of failing with 53300 "too many clients".
    /// </summary>
    public static IHostApplicationBuilder AddFinanceDatabase(this IHostApplicationBuilder builder, string connectionName, int maxPoolSize)
    {
        var poolSize = builder.Configuration.GetValue<int?>("Database:MaxPoolSize") ?? maxPoolSize;
        builder.AddNpgsqlDataSource(
            connectionName,
            settings => settings.ConnectionString = new NpgsqlConnectionStringBuilder(
                settings.ConnectionString ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not configured."))
            {
                MaxPoolSize = poolSize,
            }.ConnectionString,
            dataSource => dataSource.ConfigureTracing(tracing => tracing
                // A command outside any trace is a poll (leases, timers, the outbox relay): it would drown the traces
                // that matter. Commands made while handling a request or running a step join that trace.
                // Opening a pooled connection is the pool's business, not the request's: it would only add root spans.
                .EnablePhysicalOpenTracing(false)
                .ConfigureCommandFilter(_ => Activity.Current is not null)
                .ConfigureBatchFilter(_ => Activity.Current is not null)));
        return builder;
    }

    /// <summary>Registers a shared <see cref="IConnectionMultiplexer"/> that connects in the background and retries for ever.</summary>
    public static IHostApplicationBuilder AddFinanceRedis(this IHostApplicationBuilder builder, string connectionName)
    {
        builder.AddRedisClient(
            connectionName,
            // Our own check below reports Degraded; Aspire's would report Unhealthy.
            settings => settings.DisableHealthChecks = true,
            // The system keeps working when Redis is down (DESIGN.md §4).
            options => options.AbortOnConnectFail = false);
        // Degraded, not Unhealthy: without Redis the system keeps working, slower (DESIGN.md §4), and /health answers 200
        // for Degraded, so an orchestrator does not take a working API out of service (or hold back its start) for it.
        // The timeout bounds a probe when Redis hangs rather than refuses (every command would wait for its own timeout).
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(connectionName, HealthStatus.Degraded, ["ready"], RedisHealthCheck.Timeout);
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new UntracedRedisCommandFilter()));
        return builder;
    }
}

/// <summary>
/// The Redis twin of the Npgsql filter above: a command outside any trace (a stream poll, a relay batch without a
/// traced row) is not exported; commands made inside a request or a step stay in their trace.
/// </summary>
internal sealed class UntracedRedisCommandFilter : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        // Cleared at start, before any exporting processor sees the span end: exporters skip spans not Recorded.
        // Aspire's Redis integration carries its own copy of the instrumentation, under the upstream source name.
        if (data.Source.Name == "OpenTelemetry.Instrumentation.StackExchangeRedis" && data.ParentSpanId == default)
        {
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }
}

internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // PING takes no token; WaitAsync lets the registration's timeout end the probe (reported as its failure status).
            var latency = await redis.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis is unreachable.", ex);
        }
    }
}
