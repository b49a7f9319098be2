using Finance.Core.Events;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Finance.Core.Integrations.Revolut;

public static class RevolutExtensions
{
    /// <summary>
    /// Registers <see cref="RevolutClient"/> (typed HttpClient), <see cref="RevolutTokens"/>, the <see cref="IRateGate"/> and
    /// <see cref="IReplayGuard"/> (Redis when <c>Revolut:Coordination</c> is Redis, which needs an <see cref="IConnectionMultiplexer"/>)
    /// and <see cref="RevolutWebhookVerifier"/>; options from section <c>Revolut</c>, validated on start.
    /// </summary>
    public static IServiceCollection AddRevolut(this IServiceCollection services)
    {
        services.AddOptions<RevolutOptions>()
            .BindConfiguration(RevolutOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RevolutOptions>, RevolutOptionsValidator>());
        services.AddOptions<FinanceRedisOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RevolutTokens>();
        services.TryAddSingleton<RevolutRedisKeys>();
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<RevolutOptions>>().Value;
            return new RateLimit(o.RequestsPerWindow, o.RateWindow);
        });
        services.TryAddSingleton<IRateGate>(sp => Redis(sp)
            ? new RedisRateGate(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<RevolutRedisKeys>(), sp.GetRequiredService<RateLimit>(),
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RedisRateGate>>())
            : new InProcessRateGate(sp.GetRequiredService<RateLimit>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IReplayGuard>(sp => Redis(sp)
            ? new RedisReplayGuard(sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<RevolutRedisKeys>())
            : new InMemoryReplayGuard(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<RevolutWebhookVerifier>();
        // The client retries itself: through the rate gate, honouring Retry-After beyond the standard handler's caps. The
        // hosts' default resilience handler (ServiceDefaults) would retry underneath it, outside the gate's count.
        services.AddHttpClient<RevolutClient>().WithoutResilienceHandlers();
        return services;
    }

    private static bool Redis(IServiceProvider sp) => sp.GetRequiredService<IOptions<RevolutOptions>>().Value.Coordination == RevolutCoordination.Redis;
}
