using System.Globalization;
using System.Text;

namespace Finance.Core.Reconciliation.Engine;

/// <summary>Swiss-looking company names and the ways banks garble them (case, accents, legal form, one typo), for
/// <see cref="SyntheticBook"/>.</summary>
internal static class SyntheticNames
{
    private static readonly string[] Surnames =
    [
        "Müller", "Meier", "Schmid", "Keller", "Weber", "Huber", "Schneider", "Meyer", "Steiner", "Fischer", "Gerber", "Brunner",
        "Baumann", "Frei", "Zimmermann", "Moser", "Widmer", "Wyss", "Graf", "Roth", "Favre", "Rochat", "Bonvin", "Rossi",
        "Bernasconi", "Crivelli", "Chevalley", "Perrin", "Dubois", "Ducommun", "Grünig", "Bühler", "Lüthi", "Schärer", "Zürcher",
        "Märki", "Jäggi", "Hänni", "Sägesser", "Rüegg", "Käser", "Böhlen", "Fässler", "Gisler", "Imhof", "Nägeli",
    ];

    private static readonly string[] Trades =
    [
        "Bau", "Holzbau", "Informatik", "Immobilien", "Garage", "Treuhand", "Café", "Bäckerei", "Consulting", "Transport", "Elektro",
        "Sanitär", "Architektur", "Druckerei", "Optik", "Boulangerie", "Menuiserie", "Fiduciaire", "Carrosserie", "Pharma", "Gärtnerei",
        "Métallerie", "Logistik", "Reinigung", "Malerei", "Dachdecker", "Studio", "Vinothek", "Fromagerie", "Physiotherapie",
    ];

    private static readonly string[] Towns =
    [
        "", "", "", "Zürich", "Bern", "Basel", "Genève", "Lausanne", "Luzern", "Sion", "Biel", "Chur", "Thun", "Lugano", "Fribourg",
        "Neuchâtel", "Winterthur", "St. Gallen",
    ];

    private static readonly string[] LegalForms = ["AG", "AG", "GmbH", "GmbH", "SA", "Sàrl", "& Co.", "Genossenschaft", ""];

    private static readonly string[] Strangers =
    [
        "Migros", "Coop", "Swisscom", "SBB CFF FFS", "Die Post", "Galaxus", "Digitec", "Zalando", "Amazon EU", "Steueramt",
        "AXA Versicherungen", "Helsana", "Sunrise", "Salt Mobile", "Shell Schweiz", "Twint Transfer",
    ];

    public static string Company(Random random)
    {
        var parts = new[] { Pick(random, Surnames), Pick(random, Trades), Pick(random, Towns), Pick(random, LegalForms) };
        return string.Join(' ', parts.Where(p => p.Length > 0));
    }

    public static string Stranger(Random random) =>
        random.Next(3) == 0 ? $"{Pick(random, Surnames)} {Pick(random, Surnames)}" : Pick(random, Strangers);

    /// <summary>The name as a bank statement might show it after <paramref name="edits"/> garblings.</summary>
    public static string Garble(Random random, string name, int edits)
    {
        for (var e = 0; e < edits; e++)
        {
            name = random.Next(5) switch
            {
                0 => random.Next(2) == 0 ? name.ToUpperInvariant() : name.ToLowerInvariant(),
                1 => StripAccents(name),
                2 => DropLegalForm(name),
                _ => Typo(random, name),
            };
        }
        return name;
    }

    private static string StripAccents(string name)
    {
        var kept = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormD))
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark) kept.Append(c);
        return kept.ToString();
    }

    private static string DropLegalForm(string name)
    {
        foreach (var form in LegalForms)
            if (form.Length > 0 && name.EndsWith(" " + form, StringComparison.OrdinalIgnoreCase)) return name[..^(form.Length + 1)];
        return name;
    }

    /// <summary>One letter deleted, doubled, swapped with its neighbour or replaced, never the first (people get that right).</summary>
    private static string Typo(Random random, string name)
    {
        if (name.Length < 4) return name;
        var at = random.Next(1, name.Length - 1);
        return random.Next(4) switch
        {
            0 => name.Remove(at, 1),
            1 => name.Insert(at, name[at].ToString()),
            2 => string.Concat(name.AsSpan(0, at), name[at + 1].ToString(), name[at].ToString(), name.AsSpan(at + 2)),
            _ => string.Concat(name.AsSpan(0, at), ((char)('a' + random.Next(26))).ToString(), name.AsSpan(at + 1)),
        };
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];
}
