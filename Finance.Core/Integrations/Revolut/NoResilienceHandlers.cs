using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Finance.Core.Integrations.Revolut;

internal static class NoResilienceHandlers
{
    /// <summary>
    /// Takes the resilience handlers (the hosts' default, ServiceDefaults) off a client that retries by itself. The same as
    /// the package's <c>RemoveAllResilienceHandlers()</c>, which is still marked experimental (EXTEXP0001).
    /// </summary>
    public static IHttpClientBuilder WithoutResilienceHandlers(this IHttpClientBuilder builder) =>
        builder.ConfigureAdditionalHttpMessageHandlers((handlers, _) =>
        {
            foreach (var handler in handlers.OfType<ResilienceHandler>().ToList()) handlers.Remove(handler);
        });
}
