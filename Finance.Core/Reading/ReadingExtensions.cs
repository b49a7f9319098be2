using Finance.Core.Reading.Azure;
using Finance.Core.Reading.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Finance.Core.Reading;

public static class ReadingExtensions
{
    /// <summary>
    /// Registers bill reading: the <see cref="DocumentInspector"/>, the tools, and <see cref="IBillReader"/>, which is the
    /// <see cref="LocalBillReader"/> unless <c>Reading:Engine</c> is <c>Azure</c> (then <see cref="AzureBillReader"/>).
    /// Options are validated on start, the Azure key included.
    /// </summary>
    public static IHostApplicationBuilder AddFinanceReading(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ReadingOptions>()
            .BindConfiguration(ReadingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReadingOptions>, ReadingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DocumentInspector>();
        services.TryAddSingleton<ToolRunner>();
        services.TryAddSingleton<PdfRasterizer>();
        services.TryAddSingleton<TesseractOcr>();
        services.TryAddSingleton<LocalBillReader>();
        services.AddHttpClient<AzureBillReader>();
        services.TryAddTransient<IBillReader>(sp => sp.GetRequiredService<IOptions<ReadingOptions>>().Value.Engine == ReadingEngine.Azure
            ? sp.GetRequiredService<AzureBillReader>()
            : sp.GetRequiredService<LocalBillReader>());
        return builder;
    }
}
