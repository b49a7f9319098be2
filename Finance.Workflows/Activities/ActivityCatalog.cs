namespace Finance.Workflows.Activities;

/// <summary>The activities registered in DI, by name; the validator checks step names against <see cref="Names"/>.</summary>
public sealed class ActivityCatalog
{
    private readonly Dictionary<string, IFlowActivity> _byName;

    public ActivityCatalog(IEnumerable<IFlowActivity> activities)
    {
        _byName = new Dictionary<string, IFlowActivity>(StringComparer.Ordinal);
        foreach (var activity in activities)
        {
            if (!_byName.TryAdd(activity.Name, activity))
            {
                throw new InvalidOperationException($"Two activities are registered as '{activity.Name}'.");
            }
        }

        Names = _byName.Keys.ToHashSet(StringComparer.Ordinal);
        Queues = _byName.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToDictionary(a => a.Name, a => a.Queue, StringComparer.Ordinal);
    }

    public IReadOnlySet<string> Names { get; }

    /// <summary>Activity name → its queue, in name order: what a Temporal FlowWorkflow uses for steps that name no queue.</summary>
    public IReadOnlyDictionary<string, string> Queues { get; }

    public bool TryGet(string name, out IFlowActivity activity) => _byName.TryGetValue(name, out activity!);
}
