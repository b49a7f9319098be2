using Finance.Core.Invoicing.QrBill;

namespace Finance.Tests.Invoicing;

public class IbanTests
{
    public static TheoryData<string> StdnumValid() => [.. Strings(Fixtures.IbanVectors["python_stdnum"]!["files"]!["test_iban.doctest"]!["valid"]!)];

    public static TheoryData<string> StdnumInvalid() =>
        [.. Fixtures.IbanVectors["python_stdnum"]!["files"]!["test_iban.doctest"]!["invalid"]!.AsArray().Select(n => (string)n!["value"]!)];

    // php-iban's collected real-world strings; only countries in the SWIFT registry (as extracted by
    // python-stdnum): php-iban also lists unofficial formats, e.g. CG or an older 32-character NI.
    public static TheoryData<string> PhpIbanExamples()
    {
        var official = File.ReadLines(Fixtures.Path_("iban-creditor-ref", "python-stdnum", "stdnum", "iban.dat"))
            .Where(l => l.Length > 2 && char.IsAsciiLetterUpper(l[0]) && l[2] == ' ').Select(l => l[..2]).ToHashSet();
        official.IntersectWith(File.ReadLines(Fixtures.Path_("iban-creditor-ref", "php-iban", "registry.txt")).Skip(1)
            .Select(l => l.Split('|')).Where(f => f.Length > 17 && f[17] == "1").Select(f => f[0]));
        var byCountry = Fixtures.IbanVectors["php_iban_example_ibans"]!["by_country"]!.AsObject();
        return [.. byCountry.Where(kv => official.Contains(kv.Key)).SelectMany(kv => kv.Value!.AsArray())
            .Where(e => (bool)e!["computed_full_ok(mod97+registry length/regex)"]!).Select(e => (string)e!["raw"]!)
            .Distinct()]; // the corpus repeats some strings; xunit would silently drop the repeats
    }

    public static TheoryData<string, bool> SchoeroAndManuelbl()
    {
        var data = new TheoryData<string, bool>();
        foreach (var pair in Fixtures.IbanVectors["schoero_swissqrbill_utils_test"]!["isIBANValid"]!.AsArray())
            data.Add((string)pair![0]!, (bool)pair[1]!);
        foreach (var v in Fixtures.IbanVectors["manuelbl_SwissQRBill_NET_IBANTest"]!["vectors"]!.AsArray())
        {
            var input = (string)v!["input"]!;
            // We normalise dashes (real IBANs arrive with them, fixtures/README.md); manuelbl does not.
            data.Add(input, input == "SE64-1200-0000-0121-7014-5230" || (bool)v["valid"]!);
        }
        foreach (var v in Fixtures.IbanVectors["claudep_swiss_qr_bill"]!["vectors"]!.AsArray())
            data.Add((string)v!["input"]!, (bool)v["computed_mod97_plus_length_ok"]!);
        return data;
    }

    [Theory, MemberData(nameof(StdnumValid))]
    public void IsValid_StdnumValidNumber_True(string input) => Assert.True(Iban.IsValid(input), input);

    [Theory, MemberData(nameof(StdnumInvalid))]
    public void IsValid_StdnumInvalidNumber_False(string input) => Assert.False(Iban.IsValid(input), input);

    [Theory, MemberData(nameof(PhpIbanExamples))]
    public void IsValid_RealWorldString_True(string input) => Assert.True(Iban.IsValid(input), input);

    [Theory, MemberData(nameof(SchoeroAndManuelbl))]
    public void IsValid_LibraryVector_MatchesUpstream(string input, bool expected) => Assert.Equal(expected, Iban.IsValid(input));

    [Theory]
    [InlineData("XX431234")]         // unknown country, passes mod 97
    [InlineData("CH0000762011623852957")] // check digits 00
    [InlineData("CH0100762011623852957")] // check digits 01
    [InlineData("CH9900762011623852957")] // check digits 99
    public void IsValid_ImpossibleCountryOrCheckDigits_False(string input) => Assert.False(Iban.IsValid(input));

    [Theory]
    [InlineData("IBAN CH93 0076 2011 6238 5295 7", "CH9300762011623852957")]
    [InlineData("ch93-0076-2011-6238-5295-7", "CH9300762011623852957")]
    [InlineData("IBAN: NL81INGB0671210432", "NL81INGB0671210432")]
    [InlineData("NO. 26 8101 12 42901", "NO2681011242901")]
    public void Parse_MessyInput_Normalised(string input, string expected) => Assert.Equal(expected, Iban.Parse(input).Value);

    [Fact]
    public void Formatted_ManuelblVectors_InGroupsOfFour()
    {
        foreach (var v in Fixtures.IbanVectors["manuelbl_SwissQRBill_NET_IBANTest"]!["format"]!.AsArray())
            Assert.Equal((string)v!["formatted"]!, Iban.Parse((string)v["input"]!).Formatted);
        foreach (var v in Fixtures.IbanVectors["schoero_swissqrbill_utils_test"]!["formatIBAN"]!.AsArray())
            Assert.Equal((string)v![1]!, Iban.Parse((string)v[0]!).Formatted);
    }

    [Fact]
    public void IsQrIban_Vectors_MatchUpstream()
    {
        foreach (var v in Fixtures.QrBillVectors["qr_iban_detection"]!["vectors"]!.AsArray())
            Assert.Equal((bool)v!["is_qr_iban"]!, Iban.Parse((string)v["iban"]!).IsQrIban);
    }

    [Fact]
    public void Registry_Lengths_AgreeWithStdnumSwiftExtract()
    {
        // python-stdnum's iban.dat is generated from the SWIFT registry: our table must give the same lengths.
        foreach (var line in File.ReadLines(Fixtures.Path_("iban-creditor-ref", "python-stdnum", "stdnum", "iban.dat")))
        {
            var m = System.Text.RegularExpressions.Regex.Match(line, "^([A-Z]{2}) .*bban=\"([^\"]+)\"");
            if (!m.Success) continue;
            var length = System.Text.RegularExpressions.Regex.Matches(m.Groups[2].Value, @"(\d+)!").Sum(x => int.Parse(x.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(length + 4, IbanRegistry.IbanLength(m.Groups[1].Value));
        }
    }

    private static IEnumerable<string> Strings(System.Text.Json.Nodes.JsonNode node) => node.AsArray().Select(n => (string)n!);
}
