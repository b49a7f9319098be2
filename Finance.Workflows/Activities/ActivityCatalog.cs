using System.Text.Json.Nodes;
using Finance.Core.Companies;

namespace Finance.Workflows.Activities;

/// <summary>
/// The activities registered in DI, by name; the validator checks step names against <see cref="Names"/>. Both engines
/// run an activity through <see cref="RunAsync"/>, which first checks that every company resource its input names
/// belongs to the instance's company.
/// </summary>
public sealed class ActivityCatalog
{
    private readonly Dictionary<string, IFlowActivity> _byName;
    private readonly CompanyResources? _resources;

    /// <param name="activities">Every registered activity.</param>
    /// <param name="resources">The company resources inputs may name; null only where no company data exists (engine unit tests).</param>
    public ActivityCatalog(IEnumerable<IFlowActivity> activities, CompanyResources? resources = null)
    {
        _resources = resources;
        _byName = new Dictionary<string, IFlowActivity>(StringComparer.Ordinal);
        foreach (var activity in activities)
        {
            if (!_byName.TryAdd(activity.Name, activity))
            {
                throw new InvalidOperationException($"Two activities are registered as '{activity.Name}'.");
            }
        }

        Names = _byName.Keys.ToHashSet(StringComparer.Ordinal);
        Descriptors = _byName.Values.Select(a => a.Descriptor).OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToDictionary(d => d.Name, StringComparer.Ordinal);
        if (resources is not null) CheckCompanyResourceMarks(resources);
        Queues = _byName.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToDictionary(a => a.Name, a => a.Queue, StringComparer.Ordinal);
    }

    public IReadOnlySet<string> Names { get; }

    /// <summary>Every activity's descriptor by name, in name order: the designer's palette and the validator's input rules.</summary>
    public IReadOnlyDictionary<string, ActivityDescriptor> Descriptors { get; }

    /// <summary>Activity name → its queue, in name order: what a Temporal FlowWorkflow uses for steps that name no queue.</summary>
    public IReadOnlyDictionary<string, string> Queues { get; }

    public bool TryGet(string name, out IFlowActivity activity) => _byName.TryGetValue(name, out activity!);

    /// <summary>
    /// Runs the activity after the company check: an instance that belongs to a company may only touch that company's
    /// records, whatever its input (from the API, a signal payload or an expression) names. The instance's company was
    /// checked against the caller's token when it started, so this is what keeps a flow inside it. An instance with no
    /// company was started by a caller who sees the whole group.
    /// </summary>
    public async Task<JsonNode?> RunAsync(IFlowActivity activity, ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(context);
        if (_resources is not null && context.Company is { } company)
        {
            foreach (var named in await _resources.ResolveAsync(context.Input, cancellationToken))
            {
                // An unknown id is the activity's own error to report (not found); only a known record of another company is refused here.
                if (named.CompanyCode is { } owner && !string.Equals(owner, company, StringComparison.OrdinalIgnoreCase))
                {
                    throw new NonRetryableActivityException(
                        $"{activity.Name}: {named.Path} names {named.Kind} '{named.Id}' of company {owner}; this flow instance works for {company}.");
                }
            }
        }
        return await activity.ExecuteAsync(context, cancellationToken);
    }

    /// <summary>
    /// The check above finds company resources by input name (<see cref="CompanyResources"/>); an input a descriptor marks as
    /// naming a company resource that no capability registered would slip past it, so such a catalog refuses to start.
    /// </summary>
    private void CheckCompanyResourceMarks(CompanyResources resources)
    {
        foreach (var descriptor in Descriptors.Values)
        {
            foreach (var (input, kind) in descriptor.CompanyResourceInputs)
            {
                if (!resources.InputNames.Contains(input))
                {
                    throw new InvalidOperationException(
                        $"Activity '{descriptor.Name}' marks input '{input}' as naming a {kind}, but no ICompanyResource is registered for '{input}': the company check would not see it.");
                }
            }
        }
    }
}
