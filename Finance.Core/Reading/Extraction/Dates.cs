using System.Globalization;
using System.Text.RegularExpressions;

namespace Finance.Core.Reading.Extraction;

/// <summary>Dates as invoices print them in French, German, Italian and English: 05.03.2018, 5/3/2018, 2018-03-05,
/// 5. März 2018, 5 mars 2018, 5 marzo 2018, March 5, 2018. Numeric dates are day first (European order).</summary>
internal static partial class Dates
{
    private static readonly Dictionary<string, int> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        ["januar"] = 1, ["jan"] = 1, ["janvier"] = 1, ["janv"] = 1, ["gennaio"] = 1, ["gen"] = 1, ["january"] = 1, ["jänner"] = 1,
        ["februar"] = 2, ["feb"] = 2, ["février"] = 2, ["fevrier"] = 2, ["févr"] = 2, ["febbraio"] = 2, ["february"] = 2,
        ["märz"] = 3, ["maerz"] = 3, ["mär"] = 3, ["mars"] = 3, ["marzo"] = 3, ["march"] = 3, ["mar"] = 3,
        ["april"] = 4, ["apr"] = 4, ["avril"] = 4, ["avr"] = 4, ["aprile"] = 4,
        ["mai"] = 5, ["maggio"] = 5, ["may"] = 5,
        ["juni"] = 6, ["jun"] = 6, ["juin"] = 6, ["giugno"] = 6, ["june"] = 6,
        ["juli"] = 7, ["jul"] = 7, ["juillet"] = 7, ["juil"] = 7, ["luglio"] = 7, ["july"] = 7,
        ["august"] = 8, ["aug"] = 8, ["août"] = 8, ["aout"] = 8, ["agosto"] = 8, ["ago"] = 8,
        ["september"] = 9, ["sep"] = 9, ["sept"] = 9, ["septembre"] = 9, ["settembre"] = 9, ["set"] = 9,
        ["oktober"] = 10, ["okt"] = 10, ["october"] = 10, ["oct"] = 10, ["octobre"] = 10, ["ottobre"] = 10, ["ott"] = 10,
        ["november"] = 11, ["nov"] = 11, ["novembre"] = 11,
        ["dezember"] = 12, ["dez"] = 12, ["december"] = 12, ["dec"] = 12, ["décembre"] = 12, ["decembre"] = 12, ["dicembre"] = 12, ["dic"] = 12,
    };

    /// <summary>Dates on a line; <paramref name="monthFirst"/> reads slashed dates as 11/17/2017 (see <see cref="MonthFirst"/>).</summary>
    public static IEnumerable<(DateOnly Value, int Start, int Length)> Find(string line, bool monthFirst = false)
    {
        foreach (Match m in Numeric().Matches(line))
        {
            var (day, month) = monthFirst && m.Groups["s"].Value == "/" ? (m.Groups["m"].Value, m.Groups["d"].Value) : (m.Groups["d"].Value, m.Groups["m"].Value);
            if (Make(m.Groups["y"].Value, int.Parse(month, CultureInfo.InvariantCulture), day) is { } d) yield return (d, m.Index, m.Length);
        }
        foreach (Match m in Iso().Matches(line))
        {
            if (Make(m.Groups["y"].Value, int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture), m.Groups["d"].Value) is { } d) yield return (d, m.Index, m.Length);
        }
        foreach (Match m in Named().Matches(line))
        {
            if (Months.TryGetValue(m.Groups["mon"].Value.TrimEnd('.'), out var month) && Make(m.Groups["y"].Value, month, m.Groups["d"].Value) is { } d)
                yield return (d, m.Index, m.Length);
        }
    }

    /// <summary>
    /// Whether a document writes its slashed dates month first (US usage, also in English-language EU invoices): some
    /// slashed date has a first part that can only be a month (≤ 12) and a second that can only be a day (&gt; 12), and
    /// none the other way round. Without such a date the European day-first order stands.
    /// </summary>
    public static bool MonthFirst(IEnumerable<string> lines)
    {
        bool monthFirst = false, dayFirst = false;
        foreach (Match m in lines.SelectMany(l => Numeric().Matches(l)).Where(m => m.Groups["s"].Value == "/"))
        {
            var (a, b) = (int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture));
            monthFirst |= a is >= 1 and <= 12 && b is > 12 and <= 31;
            dayFirst |= b is >= 1 and <= 12 && a is > 12 and <= 31;
        }
        return monthFirst && !dayFirst;
    }

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Make(string year, int month, string day)
    {
        var y = int.Parse(year, CultureInfo.InvariantCulture);
        if (year.Length == 2) y += 2000;
        var d = int.Parse(day, CultureInfo.InvariantCulture);
        if (y is < 1990 or > 2100 || month is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, month)) return null;
        return new DateOnly(y, month, d);
    }

    [GeneratedRegex(@"(?<![\d.])(?<d>\d{1,2})(?<s>[./])(?<m>\d{1,2})[./](?<y>\d{4}|\d{2})(?![\d])")]
    private static partial Regex Numeric();

    [GeneratedRegex(@"(?<!\d)(?<y>\d{4})-(?<m>\d{2})-(?<d>\d{2})(?!\d)")]
    private static partial Regex Iso();

    [GeneratedRegex(@"(?<!\d)(?:(?<d>\d{1,2})\.?\s*(?<mon>\p{L}{3,9}\.?)\s+(?<y>\d{4})|(?<mon>\p{L}{3,9}\.?)\s+(?<d>\d{1,2}),?\s+(?<y>\d{4}))(?!\d)")]
    private static partial Regex Named();
}
