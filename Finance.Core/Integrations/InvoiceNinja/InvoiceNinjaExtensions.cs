using Finance.Core.Integrations.Revolut;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Finance.Core.Integrations.InvoiceNinja;

public static class InvoiceNinjaExtensions
{
    /// <summary>Registers <see cref="InvoiceNinjaClient"/> (typed HttpClient) with options from section <c>InvoiceNinja</c>, validated on start.</summary>
    public static IServiceCollection AddInvoiceNinja(this IServiceCollection services)
    {
        services.AddOptions<InvoiceNinjaOptions>()
            .BindConfiguration(InvoiceNinjaOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<InvoiceNinjaOptions>, InvoiceNinjaOptionsValidator>());
        // No retrying handler underneath (the hosts' default from ServiceDefaults is removed): a retried POST /payments after
        // a lost answer would record the payment twice; the push is made idempotent above HTTP, by our payment id.
        services.AddHttpClient<InvoiceNinjaClient>((sp, http) => http.Timeout = sp.GetRequiredService<IOptions<InvoiceNinjaOptions>>().Value.Timeout)
            .WithoutResilienceHandlers();
        return services;
    }
}
