using System.Text.RegularExpressions;

namespace Finance.Core.Banking.Statements;

/// <summary>Finds a profile's columns in a header row: names compare trimmed and case-insensitively, <c>{ccy}</c> matches a currency code.</summary>
internal static class CsvHeader
{
    public static bool Matches(IReadOnlyList<string> header, CsvProfile profile) => Missing(header, profile.HeaderSignature).Count == 0;

    public static List<string> Missing(IReadOnlyList<string> header, IEnumerable<string> wanted) =>
        wanted.Where(name => Find(header, name).Index < 0).ToList();

    /// <summary>The column's index (−1 when absent) and the currency its <c>{ccy}</c> stood for.</summary>
    public static (int Index, string? Currency) Find(IReadOnlyList<string> header, string name)
    {
        var pattern = name.Contains("{ccy}", StringComparison.Ordinal)
            ? new Regex("^" + Regex.Escape(name.Trim()).Replace(@"\{ccy}", "(?<ccy>[A-Z]{3})", StringComparison.Ordinal) + "$",
                RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
            : null;
        for (var i = 0; i < header.Count; i++)
        {
            var cell = Clean(header[i]);
            if (pattern is null)
            {
                if (string.Equals(cell, name.Trim(), StringComparison.OrdinalIgnoreCase)) return (i, null);
            }
            else if (pattern.Match(cell) is { Success: true } match)
            {
                return (i, match.Groups["ccy"].Value);
            }
        }
        return (-1, null);
    }

    /// <summary>A cell without surrounding space or the ="…" guard Excel-minded exports (PostFinance) put around numbers.</summary>
    public static string Clean(string cell)
    {
        var value = cell.Trim().TrimStart('\uFEFF');
        if (value.StartsWith("=\"", StringComparison.Ordinal) && value.EndsWith('"') && value.Length >= 3) value = value[2..^1];
        return value.Trim();
    }
}
