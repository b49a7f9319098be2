namespace Finance.Core.Reconciliation.Engine;

/// <summary>What made a match: kept as bits while matching, turned into reason texts only for the result.</summary>
[Flags]
internal enum Evidence
{
    None = 0,
    Reference = 1,
    EndToEnd = 1 << 1,
    Rule = 1 << 2,
    AmountExact = 1 << 3,
    AmountFee = 1 << 4,
    AmountWriteOff = 1 << 5,
    AmountPartial = 1 << 6,
    AmountSum = 1 << 7,
    Name = 1 << 8,
    Iban = 1 << 9,
    Number = 1 << 10,
    DateInWindow = 1 << 11,
    DateNear = 1 << 12,
    ReferenceInText = 1 << 13,
    Overpaid = 1 << 14,
}

/// <summary>A candidate match: one line and one item, or a group (<see cref="Items"/> for a batch line,
/// <see cref="Lines"/> for an item paid in several lines). A struct: a run holds millions of them.</summary>
internal struct Proposal
{
    public int Line;
    public int Item;
    public int[]? Lines;
    public int[]? Items;
    public MatchKind Kind;
    public AmountFit Fit;
    public Evidence Evidence;
    public float Score;
    public float NameSimilarity;

    /// <summary>Cents taken off the item's open amount (single item only; groups settle every item in full).</summary>
    public long AppliedCents;

    public long WriteOffCents;
    public long FeeCents;

    public readonly int LineCount => Lines?.Length ?? 1;
    public readonly int ItemCount => Items?.Length ?? 1;
    public readonly int LineAt(int k) => Lines is null ? Line : Lines[k];
    public readonly int ItemAt(int k) => Items is null ? Item : Items[k];
}
