using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace Finance.Core.Data;

/// <summary>
/// The migrations one module brings: the <c>NNNN_name.sql</c> scripts embedded in <paramref name="Assembly"/> whose
/// resource names start with <paramref name="ResourcePrefix"/> (its <c>Migrations</c> folder). Scripts numbered from 0100 on
/// must lie in the module's range, <paramref name="First"/>–<paramref name="Last"/> (Finance.Core/Data/README.md).
/// </summary>
public sealed partial record MigrationSource(string Module, Assembly Assembly, string ResourcePrefix, int First, int Last)
{
    /// <summary>Scripts below this number are the first series, written before modules had ranges; any module may own one.</summary>
    public const int FirstRangedNumber = 100;

    /// <summary>The source's scripts, named by file name (what the journal records), unordered.</summary>
    internal IEnumerable<MigrationScript> Scripts()
    {
        foreach (var resource in Assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            var match = ScriptName().Match(name);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration {resource} of module {Module} is not named NNNN_name.sql (lower case, digits, underscores).");
            }
            var number = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (number >= FirstRangedNumber && (number < First || number > Last))
            {
                throw new InvalidOperationException($"Migration {resource} is numbered outside module {Module}'s range {First:D4}–{Last:D4}.");
            }
            using var stream = Assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            yield return new MigrationScript(number, name, resource, this, reader.ReadToEnd());
        }
    }

    [GeneratedRegex(@"^(\d{4})_[a-z0-9_]+\.sql$")]
    private static partial Regex ScriptName();
}

/// <summary>One script: <paramref name="Name"/> (<c>0010_invoicing.sql</c>) is what the DbUp journal records.</summary>
internal sealed record MigrationScript(int Number, string Name, string Resource, MigrationSource Source, string Contents);
