using System.Reflection;
using Finance.Core.Data;

namespace Microsoft.Extensions.DependencyInjection;

public static class MigrationServiceExtensions
{
    /// <summary>
    /// Registers a module's migrations: the scripts embedded in <paramref name="assembly"/> under
    /// <paramref name="resourcePrefix"/> (e.g. <c>Finance.Core.Invoicing.Migrations.</c>), numbered in
    /// <paramref name="first"/>–<paramref name="last"/>. The migration step applies every registered module's scripts in
    /// one order, by number (<see cref="DatabaseMigrator"/>). Registering the same source twice is harmless.
    /// </summary>
    public static IServiceCollection AddFinanceMigrations(this IServiceCollection services, string module, Assembly assembly, string resourcePrefix,
        int first, int last)
    {
        var source = new MigrationSource(module, assembly, resourcePrefix, first, last);
        if (!services.Any(d => d.ServiceType == typeof(MigrationSource) && Equals(d.ImplementationInstance, source)))
        {
            services.AddSingleton(source);
        }
        return services;
    }

    /// <summary>The migration sources registered so far: what a test or a tool reads without building a host.</summary>
    public static IReadOnlyList<MigrationSource> MigrationSources(this IServiceCollection services) =>
        [.. services.Where(d => d.ServiceType == typeof(MigrationSource)).Select(d => (MigrationSource)d.ImplementationInstance!)];
}
