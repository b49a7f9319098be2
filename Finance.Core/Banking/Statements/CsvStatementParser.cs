using System.Text;
using Finance.Core.Invoicing.QrBill;

namespace Finance.Core.Banking.Statements;

/// <summary>
/// Reads a bank's CSV export with a <see cref="CsvProfile"/> (given, or detected from the header row among the built-in
/// and <c>extraProfiles</c>) into the same model as camt: one statement per own account and currency, one entry per line,
/// each with one synthesised transaction. CSV exports carry no reliable opening/closing balance, so none is reported.
/// </summary>
public static class CsvStatementParser
{
    static CsvStatementParser() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static ParsedStatementFile Parse(Stream stream, CsvProfile? profile, IEnumerable<CsvProfile> extraProfiles, CamtLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(extraProfiles);
        limits ??= CamtLimits.Default;
        using var buffer = new MemoryStream();
        new BoundedStream(stream, limits.MaxBytes, "The CSV file").CopyTo(buffer);
        var bytes = buffer.ToArray();
        profile ??= Detect(bytes, extraProfiles.ToList());
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.GetEncoding(profile.Encoding), detectEncodingFromByteOrderMarks: true);
        using var records = CsvRecordReader.Read(reader, profile.Delimiter).GetEnumerator();
        var (header, preamble) = FindHeader(records, profile);
        var columns = CsvLineReader.Resolve(header, profile);
        var accountFromPreamble = preamble.Select(CsvHeader.Clean).FirstOrDefault(Iban.IsValid) is { } found ? Iban.Normalize(found) : null;
        var lines = new List<CsvLine>();
        while (records.MoveNext())
        {
            if (lines.Count >= limits.MaxEntries)
            {
                throw new StatementRejectedException(StatementRejection.TooLarge, $"The CSV file holds more than the limit of {limits.MaxEntries:N0} lines.");
            }
            if (CsvLineReader.Read(records.Current, profile, columns) is { } line) lines.Add(line);
        }
        var statements = lines
            .GroupBy(l => (Account: l.Account ?? accountFromPreamble, l.Currency))
            .Select(g => Statement(profile, g.Key.Account, g.Key.Currency, g.ToList()))
            .ToList();
        if (statements.Count == 0)
        {
            throw new StatementRejectedException(StatementRejection.MissingField, $"The {profile.Name} CSV file holds no booking line.");
        }
        return new ParsedStatementFile("csv:" + profile.Name, null, null, statements);
    }

    /// <summary>Tries the profiles on the first lines, read as UTF-8 when they are valid UTF-8 and as Windows-1252 otherwise.</summary>
    private static CsvProfile Detect(byte[] bytes, IReadOnlyList<CsvProfile> extraProfiles)
    {
        var head = bytes.AsSpan(0, Math.Min(bytes.Length, 64 * 1024));
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(head);
        }
        catch (DecoderFallbackException)
        {
            text = Encoding.GetEncoding(1252).GetString(head);
        }
        var candidates = text.TrimStart('\uFEFF').Split('\n').Take(40).Select(l => l.TrimEnd('\r')).ToList();
        foreach (var candidate in candidates)
        {
            if (CsvProfiles.Detect(candidate, extraProfiles) is { } profile) return profile;
        }
        var first = candidates.FirstOrDefault(l => l.Trim().Length > 0) ?? "";
        throw new StatementRejectedException(StatementRejection.CsvUnknownProfile,
            $"No CSV profile matches this file's header (first line: '{(first.Length > 120 ? first[..120] + "…" : first)}'). Add a profile for this bank export.");
    }

    private static (IReadOnlyList<string> Header, List<string> Preamble) FindHeader(IEnumerator<CsvRecord> records, CsvProfile profile)
    {
        var preamble = new List<string>();
        IReadOnlyList<string>? first = null;
        for (var i = 0; i <= profile.PreambleLines && records.MoveNext(); i++)
        {
            var record = records.Current;
            if (CsvHeader.Matches(record.Fields, profile)) return (record.Fields, preamble);
            if (!record.IsBlank) first ??= record.Fields;
            preamble.AddRange(record.Fields);
        }
        var missing = CsvHeader.Missing(first ?? [], profile.HeaderSignature);
        throw new StatementRejectedException(StatementRejection.CsvBadColumns,
            $"The file does not have the columns of the {profile.Name} profile: no header row within the first {profile.PreambleLines + 1} lines " +
            $"has {string.Join(", ", missing.Select(m => $"'{m}'"))}.");
    }

    private static ParsedStatement Statement(CsvProfile profile, string? account, string currency, List<CsvLine> lines)
    {
        var dates = lines.Select(l => l.Entry.BookingDate).OfType<DateOnly>().ToList();
        DateOnly? from = dates.Count > 0 ? dates.Min() : null;
        DateOnly? to = dates.Count > 0 ? dates.Max() : null;
        var iban = account is not null && Iban.IsValid(account) ? Iban.Normalize(account) : null;
        var entries = lines.Select((l, i) => l.Entry with { Index = i }).ToList();
        return new ParsedStatement(
            StatementKind.Statement,
            $"csv:{profile.Name}:{account ?? "-"}:{currency}:{from:yyyy-MM-dd}..{to:yyyy-MM-dd}",
            null, null, null,
            new StatementAccount(iban, iban is null ? account : null, currency, null, null, null, profile.Name),
            from is { } f ? new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            to is { } t ? new DateTimeOffset(t.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            [],
            entries);
    }
}
