using System.Collections;
using System.Globalization;

namespace Finance.Core.Reconciliation.Engine;

/// <summary>A match's reasons, written out on first read: a run yields a match per line, the review queue reads the
/// reasons of a few of them, so formatting them all up front would cost more than the matching.</summary>
internal sealed class ReasonList(Evidence evidence, MatchKind kind, string number, string? rule, int parts, decimal fee, decimal writeOff,
    decimal stillOpen, float similarity, bool ambiguous) : IReadOnlyList<string>
{
    private List<string>? _texts;

    public int Count => Texts.Count;

    public string this[int index] => Texts[index];

    public IEnumerator<string> GetEnumerator() => Texts.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join("; ", Texts);

    private List<string> Texts => _texts ??= Write();

    private List<string> Write()
    {
        var reasons = new List<string>();
        var e = evidence;
        if (rule is not null) reasons.Add($"rule '{rule}'");
        if (e.HasFlag(Evidence.EndToEnd)) reasons.Add($"end-to-end id of the payment for {number}");
        if (e.HasFlag(Evidence.Reference)) reasons.Add($"structured reference of {number}");
        if (e.HasFlag(Evidence.ReferenceInText)) reasons.Add($"reference of {number} in the remittance text");
        if (e.HasFlag(Evidence.Number)) reasons.Add("invoice number in the remittance text");
        if (e.HasFlag(Evidence.AmountSum))
            reasons.Add(kind == MatchKind.Split ? $"{parts} payments add up to the open amount" : $"{parts} open amounts add up to the payment");
        if (e.HasFlag(Evidence.AmountExact)) reasons.Add("amount equals the open amount");
        if (e.HasFlag(Evidence.AmountFee)) reasons.Add(Text($"amount plus bank charges {fee:0.00} equals the open amount"));
        if (e.HasFlag(Evidence.AmountWriteOff)) reasons.Add(Text($"difference {writeOff:0.00} under the write-off threshold"));
        if (e.HasFlag(Evidence.AmountPartial)) reasons.Add(Text($"partial payment, {stillOpen:0.00} stays open"));
        if (e.HasFlag(Evidence.Overpaid)) reasons.Add("pays more than the open amount");
        if (e.HasFlag(Evidence.Name)) reasons.Add(Text($"counterparty name similar ({similarity:0.00})"));
        if (e.HasFlag(Evidence.Iban)) reasons.Add("counterparty IBAN equal");
        if (e.HasFlag(Evidence.DateInWindow)) reasons.Add("booked within the payment window");
        else if (e.HasFlag(Evidence.DateNear)) reasons.Add("booked near the payment window");
        if (ambiguous) reasons.Add("another candidate scores about as high");
        return reasons;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
