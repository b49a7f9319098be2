using System.Globalization;
using System.Text.RegularExpressions;

namespace Finance.Core.Reading.Extraction;

/// <summary>Money as invoices print it in Switzerland and around: 1'234.50, 1’234.50, 1.234,50, 1 234,50, 1,234.50,
/// 1234.50. Two decimals are required, so that quantities, years and percentages are not taken for amounts.</summary>
internal static partial class Amounts
{
    public static IEnumerable<(decimal Value, int Start, int Length)> Find(string line)
    {
        foreach (Match m in Amount().Matches(line))
        {
            if (Parse(m.Value) is { } value) yield return (value, m.Index, m.Length);
        }
    }

    public static decimal? Parse(string text)
    {
        var digits = new string([.. text.Where(c => char.IsAsciiDigit(c) || c is '.' or ',' or '-')]);
        var negative = digits.Contains('-');
        digits = digits.Replace("-", "", StringComparison.Ordinal);
        if (digits.Length < 4 || digits[^3] is not ('.' or ',')) return null;
        var whole = digits[..^3].Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        if (!decimal.TryParse(whole + "." + digits[^2..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) return null;
        return negative ? -value : value;
    }

    public static string Format(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string FormatRate(decimal rate) => rate.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The <see cref="BillFields.VatBreakdown"/> text of (rate, net, VAT) triples.</summary>
    public static string Breakdown(IEnumerable<(decimal Rate, decimal Net, decimal Vat)> lines) =>
        string.Join(';', lines.DistinctBy(l => l.Rate).OrderByDescending(l => l.Rate).Select(l => $"{FormatRate(l.Rate)}:{Format(l.Net)}:{Format(l.Vat)}"));

    public static IEnumerable<decimal> Rates(string line) =>
        Rate().Matches(line).Select(m => decimal.Parse(m.Groups[1].Value.Replace(',', '.'), CultureInfo.InvariantCulture));

    [GeneratedRegex(@"(?<![\d.,'’])-?(?:\d{1,3}(?:['’ \u00a0\u202f.,]\d{3})+|\d+)[.,]\d{2}(?![.,]?\d)(?!\s*%)-?")]
    private static partial Regex Amount();

    [GeneratedRegex(@"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,2})?)\s*%")]
    private static partial Regex Rate();
}
