using Finance.Core.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Finance.Tests.Infrastructure;

/// <summary>
/// The one place the tests name the modules: composed as the hosts compose them, so a fixture's database gets every
/// module's migrations. A new capability adds its <c>AddXxx()</c> here, as it does in each host.
/// </summary>
internal static class FinanceModules
{
    public static IReadOnlyList<MigrationSource> MigrationSources { get; } = Compose().Services.MigrationSources();

    public static HostApplicationBuilder Compose()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddFinanceCore();
        builder.AddFinanceWorkflows();
        builder.AddInvoicing();
        return builder;
    }
}
