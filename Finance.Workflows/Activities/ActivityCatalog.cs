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
    }

    public IReadOnlySet<string> Names => _byName.Keys.ToHashSet(StringComparer.Ordinal);

    public bool TryGet(string name, out IFlowActivity activity) => _byName.TryGetValue(name, out activity!);
}
