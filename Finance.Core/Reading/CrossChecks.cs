using System.Globalization;
using Finance.Core.Invoicing.QrBill;
using Finance.Core.Reading.Extraction;

namespace Finance.Core.Reading;

/// <summary>
/// Fields that confirm each other gain confidence, fields that contradict each other lose it, and every check leaves a
/// note: net + VAT = gross, the VAT rate in the Swiss set (MWSTG Art. 25 since 1 January 2024: 8.1, 2.6, 3.8, or 0),
/// VAT = net × rate, IBAN check digits, the QR-bill's amount against the printed total. Exact sources (QR-bill,
/// Factur-X) are never lowered: a contradiction there is the printed text's fault.
/// </summary>
internal static class CrossChecks
{
    private static readonly decimal[] SwissRates = [8.1m, 2.6m, 3.8m, 0m];

    public static void Apply(Dictionary<string, ReadField> fields, IReadOnlyList<ReadField> all, List<string> notes)
    {
        var net = Amount(fields, BillFields.NetAmount);
        var vat = Amount(fields, BillFields.VatAmount);
        var gross = Amount(fields, BillFields.GrossAmount);
        if (net is { } n && vat is { } v && gross is { } g)
        {
            var agree = n + v == g;
            notes.Add(agree ? $"net + VAT = gross ({F(n)} + {F(v)} = {F(g)})." : $"net + VAT ≠ gross ({F(n)} + {F(v)} ≠ {F(g)}).");
            Adjust(fields, agree, BillFields.NetAmount, BillFields.VatAmount, BillFields.GrossAmount);
        }
        else if (net is { } n2 && gross is { } g2 && vat is null && g2 >= n2)
        {
            fields[BillFields.VatAmount] = new ReadField(BillFields.VatAmount, F(g2 - n2), Math.Min(fields[BillFields.NetAmount].Confidence, fields[BillFields.GrossAmount].Confidence) * 0.8m,
                fields[BillFields.GrossAmount].Source, fields[BillFields.GrossAmount].Page);
            notes.Add($"VAT taken as gross − net ({F(g2 - n2)}).");
        }
        if (Amount(fields, BillFields.VatRate) is { } rate)
        {
            var swiss = SwissRates.Contains(rate);
            notes.Add(swiss ? $"VAT rate {rate.ToString(CultureInfo.InvariantCulture)} % is a Swiss rate." : $"VAT rate {rate.ToString(CultureInfo.InvariantCulture)} % is not a current Swiss rate.");
            if (!swiss) Adjust(fields, false, BillFields.VatRate);
            if (net is { } nr && Amount(fields, BillFields.VatAmount) is { } vr && vat is not null)
            {
                var agree = Math.Abs(decimal.Round(nr * rate / 100m, 2) - vr) <= Math.Max(0.05m, Math.Abs(vr) * 0.01m);
                notes.Add(agree ? $"VAT = net × {rate.ToString(CultureInfo.InvariantCulture)} %." : $"VAT ≠ net × {rate.ToString(CultureInfo.InvariantCulture)} % (several rates, or a misread).");
                if (agree) Adjust(fields, true, BillFields.VatRate, BillFields.VatAmount);
            }
        }
        if (fields.TryGetValue(BillFields.Iban, out var iban))
        {
            var valid = Iban.IsValid(iban.Value);
            notes.Add(valid ? "IBAN check digits are valid." : "IBAN check digits are wrong.");
            if (!valid) fields[BillFields.Iban] = iban with { Confidence = Math.Min(iban.Confidence, 0.2m) };
        }
        var qr = all.FirstOrDefault(f => f.Source == ReadSource.QrBill && f.Name == BillFields.GrossAmount);
        var printed = all.Where(f => f.Source is ReadSource.TextLayer or ReadSource.Ocr && f.Name == BillFields.GrossAmount).MaxBy(f => f.Confidence);
        if (qr is not null && printed is not null)
        {
            var agree = Amounts.Parse(printed.Value) == Amounts.Parse(qr.Value) || printed.Value == qr.Value;
            notes.Add(agree ? $"QR-bill amount = printed total ({qr.Value})." : $"QR-bill amount {qr.Value} ≠ printed total {printed.Value}.");
        }
        DueDateFromTerms(fields, notes);
    }

    // Invoice date + "payable within N days" gives the due date when none is printed (Swiss CO Art. 75 leaves it to the terms).
    private static void DueDateFromTerms(Dictionary<string, ReadField> fields, List<string> notes)
    {
        if (fields.ContainsKey(BillFields.DueDate) || !fields.TryGetValue(BillFields.InvoiceDate, out var date) || !fields.TryGetValue(BillFields.PaymentTermsDays, out var terms)) return;
        if (!DateOnly.TryParseExact(date.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) || !int.TryParse(terms.Value, CultureInfo.InvariantCulture, out var days)) return;
        fields[BillFields.DueDate] = new ReadField(BillFields.DueDate, Dates.Format(d.AddDays(days)), Math.Min(date.Confidence, terms.Confidence) * 0.9m, terms.Source, terms.Page);
        notes.Add($"Due date computed from the invoice date and {days} days' terms.");
    }

    private static void Adjust(Dictionary<string, ReadField> fields, bool agree, params string[] names)
    {
        foreach (var name in names)
        {
            if (!fields.TryGetValue(name, out var f) || f.Source is ReadSource.QrBill or ReadSource.FacturX) continue;
            fields[name] = f with { Confidence = Math.Round(agree ? f.Confidence + (1 - f.Confidence) / 2 : f.Confidence * 0.6m, 3) };
        }
    }

    private static decimal? Amount(Dictionary<string, ReadField> fields, string name) =>
        fields.TryGetValue(name, out var f) && decimal.TryParse(f.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string F(decimal value) => Amounts.Format(value);
}
