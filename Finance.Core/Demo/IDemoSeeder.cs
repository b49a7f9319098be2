namespace Finance.Core.Demo;

/// <summary>
/// A module's demo data for a newcomer's first run: <c>Finance.Workers migrate --seed-demo</c> (which <c>./run.sh</c> passes)
/// runs every registered seeder once, in registration order, after the migrations. Register with
/// <c>services.AddSingleton&lt;IDemoSeeder, XxxDemoData&gt;()</c> in the module's <c>AddXxx()</c>.
/// </summary>
public interface IDemoSeeder
{
    /// <summary>What the seeder adds, for the migration step's log (e.g. "customers and invoices in every state").</summary>
    string Description { get; }

    /// <summary>Seeds once: returns false, adding nothing, when the database already holds the module's data.</summary>
    Task<bool> SeedOnceAsync(CancellationToken cancellationToken);
}
