using Finance.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Finance.Tests.Infrastructure;

/// <summary>
/// The one place the tests name the modules, composed as the hosts compose them: the test hosts (flow harness, golden
/// replay, Temporal registration) add them with <see cref="AddFinanceModules"/>, and fixtures migrate with every module's
/// <see cref="MigrationSources"/>. A new capability adds its <c>AddXxx()</c> here, as it does in each host.
/// </summary>
internal static class FinanceModules
{
    public static IReadOnlyList<MigrationSource> MigrationSources { get; } =
        Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings()).AddFinanceModules().Services.MigrationSources();

    public static T AddFinanceModules<T>(this T builder) where T : IHostApplicationBuilder
    {
        builder.AddFinanceCore();
        builder.AddFinanceWorkflows();
        builder.AddInvoicing();
        builder.AddNotifications();
        builder.AddPayables();
        builder.AddBanking();
        return builder;
    }
}
