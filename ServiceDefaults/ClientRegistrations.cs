using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Client registrations by Aspire's resource names: <c>ConnectionStrings:{name}</c>, a health check and tracing,
/// as Aspire.Npgsql and Aspire.StackExchange.Redis do (neither is served by our package mirror).
/// </summary>
public static class ClientRegistrations
{
    /// <summary>
    /// Registers <see cref="NpgsqlDataSource"/> from <c>ConnectionStrings:{connectionName}</c> with a pool of at most
    /// <paramref name="maxPoolSize"/> connections (<c>Database:MaxPoolSize</c> overrides it). Each host takes its share so
    /// that the API, the workers and the migration step together stay below the server's <c>max_connections</c>
    /// (PostgreSQL's default 100, 3 reserved): a burst of requests then waits for a pooled connection (up to the
    /// connection string's Timeout, 15 s by default) instead of failing with 53300 "too many clients".
    /// </summary>
    public static IHostApplicationBuilder AddNpgsqlDataSource(this IHostApplicationBuilder builder, string connectionName, int maxPoolSize)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not configured.");
        var pooled = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = builder.Configuration.GetValue<int?>("Database:MaxPoolSize") ?? maxPoolSize,
        };
        builder.Services.AddNpgsqlDataSource(pooled.ConnectionString);
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource("Npgsql"))
            .WithMetrics(metrics => metrics.AddMeter("Npgsql"));
        builder.Services.AddHealthChecks().AddCheck<NpgsqlHealthCheck>(connectionName, tags: ["ready"]);
        return builder;
    }

    /// <summary>Registers a shared <see cref="IConnectionMultiplexer"/> from <c>ConnectionStrings:{connectionName}</c>.</summary>
    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not configured.");
        var options = ConfigurationOptions.Parse(connectionString);
        // The system keeps working when Redis is down (DESIGN.md §4): connect in the background, retry for ever.
        options.AbortOnConnectFail = false;
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddSingleton(sp => new RedisTelemetry(sp.GetRequiredService<IConnectionMultiplexer>()));
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInstrumentation<RedisTelemetry>((sp, _) => sp.GetRequiredService<RedisTelemetry>()));
        // Degraded, not Unhealthy: without Redis the system keeps working, slower (DESIGN.md §4), and /health answers 200
        // for Degraded, so an orchestrator does not take a working API out of service (or hold back its start) for it.
        // The timeout bounds a probe when Redis hangs rather than refuses (every command would wait for its own timeout).
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(connectionName, HealthStatus.Degraded, ["ready"], RedisHealthCheck.Timeout);
        return builder;
    }
}

internal sealed class NpgsqlHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "PostgreSQL is unreachable.", ex);
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
