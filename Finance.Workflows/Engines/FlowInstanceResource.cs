using Finance.Core.Companies;
using Finance.Workflows.Engines.Embedded;

namespace Finance.Workflows.Engines;

/// <summary>
/// A flow instance named by <c>instanceId</c> (what <c>flow.signal</c> takes): a flow of one company may not signal
/// another company's instance. Known from the embedded engine's tables; on Temporal an id it does not hold resolves
/// to nothing and is not refused here.
/// </summary>
internal sealed class FlowInstanceResource(FlowQueries queries) : ICompanyResource
{
    public string InputName => "instanceId";

    public string Kind => "flow instance";

    public async Task<string?> CompanyOfAsync(string id, CancellationToken cancellationToken) =>
        (await queries.FindInstanceAsync(id, cancellationToken))?.CompanyCode;
}
