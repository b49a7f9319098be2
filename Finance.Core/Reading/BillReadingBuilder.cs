namespace Finance.Core.Reading;

/// <summary>Turns the fields every source produced into one reading: per field the surest source's value (QR-bill, then
/// Factur-X, text layer, OCR), cross-checked, and the overall confidence the minimum over <see cref="BillFields.Key"/>.</summary>
internal static class BillReadingBuilder
{
    public static BillReading Build(IReadOnlyList<ReadField> all, IEnumerable<string> notes, int pages, string? text)
    {
        var fields = all.GroupBy(f => f.Name)
            .ToDictionary(g => g.Key, g => g.OrderBy(f => f.Source).ThenByDescending(f => f.Confidence).First(), StringComparer.Ordinal);
        var checks = notes.ToList();
        CrossChecks.Apply(fields, all, checks);
        var confidence = BillFields.Key.Min(k => fields.TryGetValue(k, out var f) ? f.Confidence : 0m);
        return new BillReading([.. fields.Values.OrderBy(f => f.Name, StringComparer.Ordinal)], confidence, checks, pages, text);
    }
}
