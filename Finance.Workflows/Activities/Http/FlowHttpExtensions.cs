using System.Net;
using Finance.Workflows.Activities;
using Finance.Workflows.Activities.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class FlowHttpExtensions
{
    /// <summary>
    /// <c>http.request</c> with its options (<c>Flows:Http</c>), the secrets it resolves (<c>Flows:Secrets</c>) and its named
    /// client. The client drops the hosts' standard resilience handler: retries are the engine's, by the step's policy,
    /// and a hidden second attempt would repeat a POST behind the journal's back.
    /// </summary>
    public static IHostApplicationBuilder AddFlowHttp(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FlowHttpOptions>()
            .BindConfiguration(FlowHttpOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FlowHttpOptions>, FlowHttpOptionsValidator>();
        builder.Services.AddSingleton<FlowSecrets>();
#pragma warning disable EXTEXP0001 // experimental since 9.0 but the only way to undo ConfigureHttpClientDefaults for one client
        builder.Services.AddHttpClient(FlowHttpOptions.ClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
            })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<IFlowActivity, HttpRequestActivity>();
        return builder;
    }
}
