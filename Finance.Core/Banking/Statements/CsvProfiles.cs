using System.Text;

namespace Finance.Core.Banking.Statements;

/// <summary>The built-in CSV profiles (embedded Profiles/*.json) and picking one from a header row.</summary>
public static class CsvProfiles
{
    private const string ResourcePrefix = "Finance.CsvProfiles.";

    private static readonly Lazy<IReadOnlyList<CsvProfile>> LazyBuiltIn = new(Load);

    /// <summary>PostFinance, UBS, Raiffeisen, ZKB, Revolut Business.</summary>
    public static IReadOnlyList<CsvProfile> BuiltIn => LazyBuiltIn.Value;

    public static CsvProfile? Detect(string headerLine) => Detect(headerLine, []);

    /// <summary>
    /// The profile whose signature the row holds; when several do, the one naming the most columns (the most specific).
    /// <paramref name="extraProfiles"/> (an admin's) come before the built-in ones on a tie.
    /// </summary>
    public static CsvProfile? Detect(string headerLine, IEnumerable<CsvProfile> extraProfiles)
    {
        ArgumentNullException.ThrowIfNull(headerLine);
        CsvProfile? best = null;
        foreach (var profile in extraProfiles.Concat(BuiltIn))
        {
            using var reader = new StringReader(headerLine);
            var header = CsvRecordReader.Read(reader, profile.Delimiter).FirstOrDefault();
            if (header is null || !CsvHeader.Matches(header.Fields, profile)) continue;
            if (best is null || profile.HeaderSignature.Count > best.HeaderSignature.Count) best = profile;
        }
        return best;
    }

    private static List<CsvProfile> Load()
    {
        var assembly = typeof(CsvProfiles).Assembly;
        var profiles = new List<CsvProfile>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            profiles.Add(CsvProfile.FromJson(reader.ReadToEnd()));
        }
        return profiles;
    }
}
