using Finance.Core.Reading;

namespace Finance.Tests.Reading;

public class CrossChecksTests
{
    private static ReadField F(string name, string value, decimal confidence = 0.8m, ReadSource source = ReadSource.Ocr) => new(name, value, confidence, source, 1);

    [Fact]
    public void Build_AmountsAddUp_RaisesAndNotes()
    {
        var reading = BillReadingBuilder.Build([F(BillFields.NetAmount, "1000.00"), F(BillFields.VatAmount, "81.00"), F(BillFields.GrossAmount, "1081.00"),
            F(BillFields.VatRate, "8.1")], [], 1, null);
        Assert.Equal(0.9m, reading[BillFields.GrossAmount]!.Confidence);
        Assert.Equal(0.95m, reading[BillFields.VatAmount]!.Confidence); // raised twice: the sum and net × rate
        Assert.Contains("net + VAT = gross (1000.00 + 81.00 = 1081.00).", reading.Notes);
        Assert.Contains("VAT rate 8.1 % is a Swiss rate.", reading.Notes);
        Assert.Contains("VAT = net × 8.1 %.", reading.Notes);
    }

    [Fact]
    public void Build_AmountsContradict_LowersOnlyInexactSources()
    {
        var reading = BillReadingBuilder.Build([F(BillFields.NetAmount, "1000.00"), F(BillFields.VatAmount, "18.00"),
            F(BillFields.GrossAmount, "1081.00", 1m, ReadSource.QrBill), F(BillFields.GrossAmount, "1031.00", 0.9m, ReadSource.TextLayer), F(BillFields.VatRate, "19")], [], 1, null);
        Assert.Equal((1m, ReadSource.QrBill), (reading[BillFields.GrossAmount]!.Confidence, reading[BillFields.GrossAmount]!.Source));
        Assert.Equal(0.48m, reading[BillFields.NetAmount]!.Confidence);
        Assert.Equal(0.48m, reading[BillFields.VatRate]!.Confidence);
        Assert.Contains("net + VAT ≠ gross (1000.00 + 18.00 ≠ 1081.00).", reading.Notes);
        Assert.Contains("VAT rate 19 % is not a current Swiss rate.", reading.Notes);
        Assert.Contains("QR-bill amount 1081.00 ≠ printed total 1031.00.", reading.Notes);
    }

    [Fact]
    public void Build_WrongIbanCheckDigits_NearlyWorthless()
    {
        var reading = BillReadingBuilder.Build([F(BillFields.Iban, "CH5900791123000889012", 0.9m, ReadSource.Azure)], [], 1, null);
        Assert.Equal(0.2m, reading[BillFields.Iban]!.Confidence);
        Assert.Contains("IBAN check digits are wrong.", reading.Notes);
    }

    [Fact]
    public void Build_TermsWithoutDueDate_DueDateComputed_AndOverallIsMinimumOfKeyFields()
    {
        var reading = BillReadingBuilder.Build([F(BillFields.InvoiceDate, "2024-11-04", 0.85m, ReadSource.TextLayer), F(BillFields.PaymentTermsDays, "30", 0.8m, ReadSource.TextLayer),
            F(BillFields.SupplierName, "Muster AG", 0.6m), F(BillFields.InvoiceNumber, "R-1", 0.9m), F(BillFields.Currency, "CHF", 0.9m), F(BillFields.GrossAmount, "10.00", 0.7m)], [], 1, null);
        Assert.Equal("2024-12-04", reading[BillFields.DueDate]!.Value);
        Assert.Equal(0.72m, reading[BillFields.DueDate]!.Confidence);
        Assert.Equal(0.6m, reading.Confidence);
    }
}
