namespace Finance.Core.Reconciliation.Engine;

/// <summary>Bounded subset sum for batch payments (one line, several items) and split payments (several lines, one
/// item): subsets of at most <c>maxSize</c> values, at most <c>maxTries</c> steps, so the search stays linear in the
/// number of lines however many open items a counterparty has.</summary>
internal static class SubsetSum
{
    /// <summary>Finds up to <paramref name="maxSolutions"/> subsets (2 values or more) of <paramref name="values"/> that sum to
    /// <paramref name="target"/>; each solution lists positions in <paramref name="values"/>, ascending.</summary>
    /// <remarks><c>values</c>: Sorted descending, positive.</remarks>
    public static List<int[]> Find(long[] values, long target, int maxSize, int maxTries, int maxSolutions)
    {
        var solutions = new List<int[]>();
        var chosen = new int[maxSize];
        var tries = 0;
        Search(0, 0, target);
        return solutions;

        void Search(int from, int size, long rest)
        {
            for (var j = from; j < values.Length && solutions.Count < maxSolutions && tries < maxTries; j++)
            {
                tries++;
                if (values[j] > rest) continue;
                // Sorted descending: the next (maxSize - size) values are the most this branch can still add.
                long reach = 0;
                for (var k = j; k < values.Length && k < j + maxSize - size; k++) reach += values[k];
                if (reach < rest) return;
                chosen[size] = j;
                if (values[j] == rest)
                {
                    if (size >= 1) solutions.Add(chosen[..(size + 1)]);
                    continue;
                }
                if (size + 1 < maxSize) Search(j + 1, size + 1, rest - values[j]);
            }
        }
    }
}
