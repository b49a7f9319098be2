using System.Runtime.InteropServices;

namespace Finance.Core.Reconciliation.Engine;

/// <summary>The items one line is scored against, each once, in the order the indexes gave them; and which of them the
/// line's text names by invoice number. A line has a few dozen candidates at most, so membership is a vectorised scan of
/// the list: cheaper than a stamp array per item, which at 1M items costs a cache miss per lookup.</summary>
internal sealed class CandidateSet
{
    private readonly List<int> _numbered = [];

    public List<int> Items { get; } = [];

    /// <summary>Scratch for <see cref="Batches"/>: the candidates that may belong to a batch.</summary>
    public List<int> Pool { get; } = [];

    public void NextLine()
    {
        Items.Clear();
        _numbered.Clear();
    }

    /// <summary>False when the item is already a candidate.</summary>
    public bool Add(int item)
    {
        if (CollectionsMarshal.AsSpan(Items).Contains(item)) return false;
        Items.Add(item);
        return true;
    }

    public void MarkNumbered(int item) => _numbered.Add(item);

    public bool IsNumbered(int item) => _numbered.Count > 0 && CollectionsMarshal.AsSpan(_numbered).Contains(item);
}
