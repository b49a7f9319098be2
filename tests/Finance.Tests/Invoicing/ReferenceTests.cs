using System.Text.Json.Nodes;
using Finance.Core.Invoicing.QrBill;

namespace Finance.Tests.Invoicing;

public class ReferenceTests
{
    private static JsonNode Qrr => Fixtures.QrBillVectors["qr_reference"]!;
    private static JsonNode Scor => Fixtures.QrBillVectors["scor_iso11649"]!;

    // Upstream null means "not asserted upstream": the computed mod-10 result is the truth then
    // (e.g. 012345678901234567890123456 has a wrong check digit, fixtures/README.md).
    public static TheoryData<string, bool> QrrValidate() =>
        Pairs(Qrr["validate"]!.AsArray().Select(v => ((string)v!["input"]!, (bool?)v["expected_valid_upstream"] ?? (bool)v["computed_mod10_recursive_ok"]!)));

    public static TheoryData<string> EsrValid() =>
        [.. Fixtures.IbanVectors["python_stdnum"]!["files"]!["test_ch_esr.doctest"]!["valid"]!.AsArray().Select(v => (string)v!)];

    public static TheoryData<string, bool> ScorValidate() =>
        Pairs(Scor["validate"]!.AsArray().Select(v => ((string)v!["input"]!, (bool)v["expected_valid_upstream"]!)));

    private static TheoryData<string, bool> Pairs(IEnumerable<(string, bool)> pairs)
    {
        var data = new TheoryData<string, bool>();
        foreach (var (input, expected) in pairs) data.Add(input, expected);
        return data;
    }

    public static TheoryData<string> StdnumRf() =>
        [.. Fixtures.IbanVectors["python_stdnum"]!["files"]!["test_iso11649.doctest"]!["valid"]!.AsArray().Select(v => (string)v!).Distinct()];

    [Theory, MemberData(nameof(QrrValidate))]
    public void QrReferenceIsValid_Vector_MatchesExpected(string input, bool expected) => Assert.Equal(expected, QrReference.IsValid(input));

    [Theory, MemberData(nameof(EsrValid))]
    public void QrReferenceCheckDigit_StdnumEsr_Correct(string input)
    {
        // ESR numbers may be shorter than 27 digits; the check digit rule is the same.
        var digits = input.Replace(" ", "");
        Assert.Equal(digits[^1] - '0', QrReference.CheckDigit(digits.AsSpan(0, digits.Length - 1)));
        Assert.True(QrReference.IsValid(digits.PadLeft(27, '0')));
    }

    [Fact]
    public void QrReferenceFormat_Vectors_MatchUpstream()
    {
        foreach (var v in Qrr["format"]!.AsArray())
            Assert.Equal((string)v!["formatted"]!, QrReference.Format((string)v["input"]!));
    }

    [Fact]
    public void QrReferenceCreate_Vectors_MatchUpstream()
    {
        foreach (var v in Qrr["create_from_raw"]!.AsArray())
        {
            var raw = (string)v!["raw"]!;
            if (v["expected"] is { } expected) Assert.Equal((string)expected!, QrReference.Create(raw));
            else Assert.Throws<ArgumentException>(() => QrReference.Create(raw));
        }
        foreach (var v in Qrr["checksum"]!.AsArray())
            Assert.Equal(int.Parse((string)v!["check_digit"]!, System.Globalization.CultureInfo.InvariantCulture), QrReference.CheckDigit((string)v["first26"]!));
    }

    [Fact]
    public void QrReferenceCreateWithCustomerId_Vectors_MatchUpstream()
    {
        var gen = Qrr["generator_with_customer_id"]!;
        foreach (var v in gen["valid"]!.AsArray().Where(v => v!["expected"] is not null))
            Assert.Equal((string)v!["expected"]!, QrReference.Create((string?)v["customerIdentificationNumber"], (string)v["referenceNumber"]!));
        foreach (var v in gen["invalid"]!.AsArray())
            Assert.Throws<ArgumentException>(() => QrReference.Create((string?)v!["customerIdentificationNumber"], (string)v["referenceNumber"]!));
    }

    [Theory, MemberData(nameof(ScorValidate))]
    public void CreditorReferenceIsValid_Vector_MatchesUpstream(string input, bool expected) => Assert.Equal(expected, CreditorReference.IsValid(input));

    [Theory, MemberData(nameof(StdnumRf))]
    public void CreditorReferenceIsValid_StdnumValid_True(string input) => Assert.True(CreditorReference.IsValid(input));

    [Fact]
    public void CreditorReferenceCreateAndFormat_Vectors_MatchUpstream()
    {
        foreach (var v in Scor["create_or_checksum"]!.AsArray())
        {
            var raw = (string)v!["raw"]!;
            if (v["check_digits"] is { } digits) Assert.Equal(int.Parse((string)digits!, System.Globalization.CultureInfo.InvariantCulture), CreditorReference.CheckDigits(raw));
            else if (v["expected_error"] is not null) Assert.Throws<ArgumentException>(() => CreditorReference.Create(raw));
            else if (((string)v["expected"]!).StartsWith("RF", StringComparison.Ordinal)) Assert.Equal((string)v["expected"]!, CreditorReference.Create(raw));
            else Assert.True(CreditorReference.IsValid(CreditorReference.Create(raw)));
        }
        foreach (var v in Scor["format"]!.AsArray())
            Assert.Equal((string)v!["formatted"]!, CreditorReference.Format((string)v["input"]!));
    }

    [Fact]
    public void CreditorReferenceHasShape_Vectors_MatchUpstream()
    {
        var shape = Scor["shape_only"]!;
        foreach (var s in shape["true"]!.AsArray()) Assert.True(CreditorReference.HasShape(CreditorReference.Normalize((string)s!)));
        foreach (var s in shape["false"]!.AsArray()) Assert.False(CreditorReference.HasShape(CreditorReference.Normalize((string)s!)));
    }
}
