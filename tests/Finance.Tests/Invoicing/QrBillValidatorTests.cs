using Finance.Core.Invoicing.QrBill;

namespace Finance.Tests.Invoicing;

public class QrBillValidatorTests
{
    public static TheoryData<string> CombinationIndexes() =>
        [.. Enumerable.Range(0, Fixtures.QrBillVectors["account_reference_combination_rules"]!.AsArray().Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    [Theory, MemberData(nameof(CombinationIndexes))]
    public void Validate_AccountReferenceRule_MatchesUpstream(string index)
    {
        var rule = Fixtures.QrBillVectors["account_reference_combination_rules"]![int.Parse(index, System.Globalization.CultureInfo.InvariantCulture)]!;
        var typeText = (string?)rule["referenceType"];
        if (typeText is not ("QRR" or "SCOR" or null)) return; // "ABC": covered by the decoder test
        var account = ((string?)rule["account"] ?? "CH4431999123000889012").Split(" (")[0];
        if (account.StartsWith('(')) account = "CH4431999123000889012"; // "(example 1 QR-IBAN)"
        var reference = (string?)rule["reference"];
        var type = typeText switch
        {
            "QRR" => QrReferenceType.Qrr,
            "SCOR" => QrReferenceType.Scor,
            _ when string.IsNullOrWhiteSpace(reference) => QrReferenceType.Non,
            _ when reference.TrimStart().StartsWith("RF", StringComparison.Ordinal) => QrReferenceType.Scor,
            _ => QrReferenceType.Qrr,
        };
        var bill = QrBillSamples.WithQrReference() with { Account = account, ReferenceType = type, Reference = reference };
        var errors = QrBillValidator.Validate(bill);
        if ((bool)rule["ok"]!) { Assert.Empty(errors); return; }
        var error = (string)rule["error"]!;
        var expected = error switch
        {
            _ when error.Contains("KeyQrRefMissing") || error.Contains("KeyCredRefInvalidUseForQrIban") => QrBillErrorKind.QrIbanRequiresQrReference,
            _ when error.Contains("KeyQrRefInvalidUseForNonQrIban") || error.Contains("only allowed for a QR-IBAN") => QrBillErrorKind.QrReferenceRequiresQrIban,
            _ when error.Contains("KeyRefTypeInvalid") => QrBillErrorKind.ReferenceTypeInvalid,
            _ when error.Contains("KeyRefInvalid") => QrBillErrorKind.ReferenceInvalid,
            _ when error.Contains("must start with") => QrBillErrorKind.AccountCountryInvalid,
            _ => QrBillErrorKind.AccountInvalid,
        };
        Assert.Contains(errors, e => e.Kind == expected);
    }

    [Fact]
    public void Validate_SampleBills_NoErrors()
    {
        Assert.Empty(QrBillValidator.Validate(QrBillSamples.WithQrReference()));
        Assert.Empty(QrBillValidator.Validate(QrBillSamples.WithAccents()));
    }

    [Theory]
    [InlineData(0, QrBillErrorKind.AmountOutOfRange)]
    [InlineData(-1, QrBillErrorKind.AmountOutOfRange)]
    [InlineData(1_000_000_000, QrBillErrorKind.AmountOutOfRange)]
    [InlineData(1.234, QrBillErrorKind.AmountInvalid)]
    public void Validate_BadAmount_Reported(double amount, QrBillErrorKind kind) =>
        AssertSingle(QrBillSamples.WithAccents() with { Amount = (decimal)amount }, kind, "Amt");

    [Fact]
    public void Validate_ZeroAmountNotification_Allowed() =>
        Assert.Empty(QrBillValidator.Validate(QrBillSamples.WithAccents() with { Amount = 0m, UnstructuredMessage = "DO NOT USE FOR PAYMENT" }));

    [Fact]
    public void Validate_Usd_CurrencyInvalid() => AssertSingle(QrBillSamples.WithAccents() with { Currency = "USD" }, QrBillErrorKind.CurrencyInvalid, "Ccy");

    [Fact]
    public void Validate_GermanIban_AccountCountryInvalid() =>
        AssertSingle(QrBillSamples.WithAccents() with { Account = "DE89370400440532013000" }, QrBillErrorKind.AccountCountryInvalid, "IBAN");

    [Theory]
    [InlineData(71, 0, 0, "Cdtr.Name")]
    [InlineData(0, 17, 0, "Cdtr.BldgNbOrAdrLine2")]
    [InlineData(0, 0, 36, "Cdtr.TwnNm")]
    public void Validate_LongAddressField_FieldTooLong(int name, int building, int town, string field)
    {
        var c = QrBillSamples.Creditor;
        var creditor = c with
        {
            Name = name > 0 ? new string('n', name) : c.Name,
            BuildingNumber = building > 0 ? new string('1', building) : c.BuildingNumber,
            Town = town > 0 ? new string('t', town) : c.Town,
        };
        AssertSingle(QrBillSamples.WithAccents() with { Creditor = creditor }, QrBillErrorKind.FieldTooLong, field);
    }

    [Fact]
    public void Validate_MessageAndBillInformationOver140_FieldTooLong()
    {
        var bill = QrBillSamples.WithAccents() with { UnstructuredMessage = new string('m', 141) };
        Assert.Contains(QrBillValidator.Validate(bill), e => e.Kind == QrBillErrorKind.FieldTooLong && e.Field == "AddInf.Ustrd");
        bill = QrBillSamples.WithAccents() with { UnstructuredMessage = new string('m', 80), BillInformation = "//S1/" + new string('1', 60) };
        AssertSingle(bill, QrBillErrorKind.FieldTooLong, "AddInf");
    }

    [Theory]
    [InlineData("Zhōu 周")]  // CJK is outside the Latin set
    [InlineData("Tab\there")]
    [InlineData("Line\nbreak")]
    public void Validate_CharacterOutsideLatinSet_InvalidCharacter(string name) =>
        AssertSingle(QrBillSamples.WithAccents() with { Creditor = QrBillSamples.Creditor with { Name = name } }, QrBillErrorKind.InvalidCharacter, "Cdtr.Name");

    [Fact]
    public void Validate_ExtendedLatin_Permitted() =>
        Assert.Empty(QrBillValidator.Validate(QrBillSamples.WithAccents() with { Creditor = QrBillSamples.Creditor with { Name = "Łukasz Ștefănescu €" } }));

    [Fact]
    public void Build_CombinedAddress_AddressTypeNotAllowed()
    {
        var bill = QrBillSamples.WithAccents() with { Debtor = QrAddress.Combined("Pia", "Marktgasse 28", "9400 Rorschach", "CH") };
        var ex = Assert.Throws<QrBillException>(() => QrBillPayload.Build(bill));
        Assert.Equal(QrBillErrorKind.AddressTypeNotAllowed, Assert.Single(ex.Errors).Kind);
    }

    [Fact]
    public void Build_ThreeAlternativeSchemes_TooMany() =>
        AssertSingle(QrBillSamples.WithAccents() with { AlternativeSchemes = ["a", "b", "c"] }, QrBillErrorKind.TooManyAlternativeSchemes, "AltPmt");

    [Fact]
    public void Build_LongestFields_UnderPayloadLimit()
    {
        // Every field at its maximum still fits the 997 characters (IG 2.3 sizes them that way).
        var a = new QrAddress(new('N', 70), new('S', 70), new('1', 16), new('2', 16), new('T', 35), "CH");
        var bill = QrBillSamples.WithQrReference() with
        {
            Creditor = a, Debtor = a, UnstructuredMessage = new('m', 70), BillInformation = "//S1/" + new string('9', 65),
            AlternativeSchemes = [new('x', 100), new('y', 100)],
        };
        Assert.True(QrBillPayload.Build(bill).Length <= QrBillPayload.MaxLength);
    }

    private static void AssertSingle(QrBill bill, QrBillErrorKind kind, string field)
    {
        var error = Assert.Single(QrBillValidator.Validate(bill));
        Assert.Equal(kind, error.Kind);
        Assert.Equal(field, error.Field);
    }
}
