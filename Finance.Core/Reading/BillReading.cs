namespace Finance.Core.Reading;

/// <summary>Where a field was read, from the surest and cheapest source to the last resort.</summary>
public enum ReadSource { QrBill, FacturX, TextLayer, Ocr, Azure }

/// <summary>One field read from a bill (<see cref="BillFields"/> names it), with how sure the reader is (0..1) and where it came from.</summary>
public sealed record ReadField(string Name, string Value, decimal Confidence, ReadSource Source, int? Page = null);

/// <summary>What was read from a bill: one value per field, the overall confidence (the minimum over
/// <see cref="BillFields.Key"/>), the cross-check results, the page count and the text seen (null when there was none).</summary>
public sealed record BillReading(IReadOnlyList<ReadField> Fields, decimal Confidence, IReadOnlyList<string> Notes, int Pages, string? Text)
{
    public ReadField? this[string name] => Fields.FirstOrDefault(f => f.Name == name);

    /// <summary>The source that produced most of the fields; what telemetry and the bench count a reading under.</summary>
    public ReadSource? MainSource => Fields.Count == 0 ? null : Fields.GroupBy(f => f.Source).OrderByDescending(g => g.Count()).First().Key;
}

/// <summary>Reads a bill the <see cref="DocumentInspector"/> let through.</summary>
public interface IBillReader
{
    Task<BillReading> ReadAsync(ReadOnlyMemory<byte> content, InspectedDocument document, CancellationToken cancellationToken);
}
