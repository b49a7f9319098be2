namespace Finance.Core.Reconciliation.Engine;

/// <summary>The items one line is scored against, each once, in the order the indexes gave them; and which of them the
/// line's text names by invoice number. Membership is an array stamped per line, so starting the next line is O(1).</summary>
internal sealed class CandidateSet(int items)
{
    private readonly int[] _seen = new int[items];
    private readonly int[] _numbered = new int[items];
    private int _stamp;

    public List<int> Items { get; } = [];

    /// <summary>Scratch for <see cref="Batches"/>: the candidates that may belong to a batch.</summary>
    public List<int> Pool { get; } = [];

    public void NextLine()
    {
        Items.Clear();
        if (++_stamp < int.MaxValue) return;
        Array.Clear(_seen);
        Array.Clear(_numbered);
        _stamp = 1;
    }

    /// <summary>False when the item is already a candidate.</summary>
    public bool Add(int item)
    {
        if (_seen[item] == _stamp) return false;
        _seen[item] = _stamp;
        Items.Add(item);
        return true;
    }

    public void MarkNumbered(int item) => _numbered[item] = _stamp;

    public bool IsNumbered(int item) => _numbered[item] == _stamp;
}
