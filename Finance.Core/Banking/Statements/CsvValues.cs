using System.Globalization;

namespace Finance.Core.Banking.Statements;

/// <summary>Amounts and dates as a profile writes them; a value that does not parse names its line and column.</summary>
internal static class CsvValues
{
    private static readonly char[] Spaces = [' ', '\u00A0', '\u202F', '\t'];

    public static decimal? Amount(CsvProfile profile, string? cell, int line, string column)
    {
        if (cell is null) return null;
        var text = CsvHeader.Clean(cell);
        if (text.Length == 0) return null;
        var cleaned = new string(text.Where(c => !profile.ThousandsMarks.Contains(c) && Array.IndexOf(Spaces, c) < 0).ToArray());
        if (profile.DecimalMark != '.') cleaned = cleaned.Replace(profile.DecimalMark, '.');
        return decimal.TryParse(cleaned, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Bad(line, column, text, "an amount");
    }

    public static DateOnly? Date(CsvProfile profile, string? cell, int line, string column)
    {
        if (cell is null) return null;
        var text = CsvHeader.Clean(cell);
        if (text.Length == 0) return null;
        return TryDate(profile, text) ?? throw Bad(line, column, text, $"a date ({string.Join(" or ", profile.DateFormats)})");
    }

    public static DateOnly? TryDate(CsvProfile profile, string text) =>
        DateTime.TryParseExact(text, profile.DateFormats.ToArray(), CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var value)
            ? DateOnly.FromDateTime(value)
            : null;

    public static StatementRejectedException Bad(int line, string column, string value, string expected) =>
        new(StatementRejection.CsvBadValue,
            $"Line {line}, column '{column}': '{(value.Length > 40 ? value[..40] + "…" : value)}' is not {expected}.");
}
