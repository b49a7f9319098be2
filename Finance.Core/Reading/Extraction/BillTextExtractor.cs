using System.Globalization;
using System.Text.RegularExpressions;

namespace Finance.Core.Reading.Extraction;

/// <summary>
/// Reads bill fields from lines of text, a PDF's text layer or Tesseract's words alike: a label, then the value on the
/// same line or right below it. A field's confidence is the rule's own (a labelled value beats a guess) times the lowest
/// recognizer confidence of the words it was read from. Cross-checks come later (<see cref="CrossChecks"/>).
/// </summary>
/// <remarks>One partial class in two files (this one, <c>BillTextTotals.cs</c>): a table of rules, one method per field.</remarks>
internal static partial class BillTextExtractor
{
    private const decimal Labelled = 0.85m, Below = 0.7m, Guessed = 0.45m;

    public static List<ReadField> Extract(IReadOnlyList<TextLine> lines, ReadSource source)
    {
        var fields = new List<ReadField>();
        void Add(string name, string value, decimal confidence, TextLine line, int start, int length) =>
            fields.Add(new ReadField(name, value, Math.Round(confidence * line.ConfidenceOf(start, length), 3), source, line.Page));

        Payment(lines, Add);
        Identifiers(lines, Add);
        InvoiceNumber(lines, Add);
        InvoiceDates(lines, Add);
        Currency(lines, fields, source);
        Totals(lines, Add);
        Parties(lines, Add);
        return [.. fields.GroupBy(f => f.Name).Select(g => g.OrderByDescending(f => f.Confidence).First())];
    }

    private delegate void Adder(string name, string value, decimal confidence, TextLine line, int start, int length);

    private static void Payment(IReadOnlyList<TextLine> lines, Adder add)
    {
        foreach (var line in lines)
        {
            // A well-formed IBAN with wrong check digits is kept, nearly worthless, for the cross-check to report.
            var ibans = PaymentText.Ibans(line.Text).ToList();
            foreach (var (iban, valid, start, length) in ibans) add(BillFields.Iban, iban, valid ? 0.95m : 0.2m, line, start, length);
            // "IBAN: DE12 1234 4321 9876 00", too short for its country: kept as printed, all but worthless, so that the
            // cross-check reports it and a person looks instead of the field silently missing.
            if (ibans.Count == 0 && Labels.IbanLabel().Match(line.Text) is { Success: true } labelled)
                add(BillFields.Iban, labelled.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal), 0.1m, line, labelled.Groups[1].Index, labelled.Groups[1].Length);
            foreach (var (reference, type, start, length) in PaymentText.References(line.Text))
            {
                add(BillFields.Reference, reference, 0.95m, line, start, length);
                add(BillFields.ReferenceType, type, 0.95m, line, start, length);
            }
        }
    }

    private static void Identifiers(IReadOnlyList<TextLine> lines, Adder add)
    {
        // The supplier's UID comes first on a bill (letterhead); the customer's, if any, later: the first valid one wins.
        var uid = lines.SelectMany(l => SwissUid.Find(l.Text).Select(u => (Line: l, u.Uid, u.VatSuffix, u.Start, u.Length))).FirstOrDefault();
        if (uid.Line is not null)
        {
            add(BillFields.SupplierUid, uid.Uid, 0.9m, uid.Line, uid.Start, uid.Length);
            if (uid.VatSuffix is not null) add(BillFields.SupplierVatNumber, $"{uid.Uid} {uid.VatSuffix}", 0.9m, uid.Line, uid.Start, uid.Length);
        }
        foreach (var line in lines)
        {
            if (Labels.EuVatNumber().Match(line.Text) is { Success: true } m && !m.Groups[1].Value.StartsWith("CH", StringComparison.OrdinalIgnoreCase))
            {
                add(BillFields.SupplierVatNumber, m.Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(), 0.8m, line, m.Groups[1].Index, m.Groups[1].Length);
                break;
            }
        }
    }

    private static void InvoiceNumber(IReadOnlyList<TextLine> lines, Adder add)
    {
        foreach (var (label, confidence) in new[] { (Labels.InvoiceNumber(), Labelled), (Labels.InvoiceWord(), Labelled - 0.15m) })
        {
            for (var i = 0; i < lines.Count; i++)
            {
                if (label.Match(lines[i].Text) is not { Success: true } m) continue;
                if (NumberToken(lines[i].Text, m.Index + m.Length) is { } same) { add(BillFields.InvoiceNumber, same.Value, confidence, lines[i], same.Start, same.Value.Length); return; }
                if (i + 1 < lines.Count && lines[i + 1].Page == lines[i].Page && NumberToken(lines[i + 1].Text, 0) is { } below && label == Labels.InvoiceNumber())
                {
                    add(BillFields.InvoiceNumber, below.Value, Below, lines[i + 1], below.Start, below.Value.Length);
                    return;
                }
            }
        }
    }

    // The first token after the label that holds a digit and is neither a date, an amount nor a code in brackets.
    private static (string Value, int Start)? NumberToken(string text, int from)
    {
        foreach (Match token in Token().Matches(text[from..]))
        {
            var value = token.Value.TrimEnd(':', ',', ';', '.', ')');
            // "Rechnungsnummer:  RE-4711": the label's own colon is a token that trims to nothing.
            if (value.Length == 0 || Filler().IsMatch(value) || value.StartsWith('(')) continue;
            // OCR often loses the space after the abbreviation: "Nr.471102".
            var glued = GluedFiller().Match(value).Length;
            value = value[glued..];
            if (!value.Any(char.IsAsciiDigit) || Dates.Find(value).Any() || Amounts.Find(value).Any()) return null;
            if (value.Length < 2) continue;
            return (value, from + token.Index + glued);
        }
        return null;
    }

    private static void InvoiceDates(IReadOnlyList<TextLine> lines, Adder add)
    {
        var invoiceDate = false;
        var dueDate = false;
        var monthFirst = Dates.MonthFirst(lines.Select(l => l.Text));
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var dates = Dates.Find(line.Text, monthFirst).OrderBy(d => d.Start).ToList();
            foreach (var (date, start, length) in dates)
            {
                var before = line.Text[..start];
                var dueLabel = Labels.DueDate().Matches(before).LastOrDefault();
                var due = dueLabel?.Index ?? -1;
                var issued = LastMatch(Labels.InvoiceDate(), before);
                // "Due date": the word "date" inside the due label is no invoice-date label.
                if (dueLabel is not null && issued >= due && issued < due + dueLabel.Length) issued = due;
                var other = LastMatch(Labels.OtherDate(), before);
                if (!dueDate && due >= 0 && due >= issued)
                {
                    add(BillFields.DueDate, Dates.Format(date), Labelled, line, start, length);
                    dueDate = true;
                }
                else if (!invoiceDate && issued >= 0 && issued > other && !(due >= 0 && due >= issued))
                {
                    add(BillFields.InvoiceDate, Dates.Format(date), Labelled, line, start, length);
                    invoiceDate = true;
                }
            }
            // A label alone on its line, its date right below.
            if (dates.Count == 0 && i + 1 < lines.Count && Dates.Find(lines[i + 1].Text, monthFirst).OrderBy(d => d.Start).FirstOrDefault() is { Length: > 0 } next)
            {
                if (!dueDate && Labels.DueDate().IsMatch(line.Text)) { add(BillFields.DueDate, Dates.Format(next.Value), Below, lines[i + 1], next.Start, next.Length); dueDate = true; }
                else if (!invoiceDate && Labels.InvoiceDate().IsMatch(line.Text) && !Labels.OtherDate().IsMatch(line.Text))
                {
                    add(BillFields.InvoiceDate, Dates.Format(next.Value), Below, lines[i + 1], next.Start, next.Length);
                    invoiceDate = true;
                }
            }
        }
        if (!invoiceDate && lines.Where(l => l.Page == lines[0].Page).SelectMany(l => Dates.Find(l.Text, monthFirst).Select(d => (l, d))).FirstOrDefault() is { l: not null } first)
            add(BillFields.InvoiceDate, Dates.Format(first.d.Value), Guessed, first.l, first.d.Start, first.d.Length);
        foreach (var line in lines)
        {
            if (Labels.Terms().Match(line.Text) is not { Success: true } m) continue;
            var days = m.Groups[1].Success ? m.Groups[1] : m.Groups[2];
            if (int.TryParse(days.Value, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 180)
            {
                add(BillFields.PaymentTermsDays, n.ToString(CultureInfo.InvariantCulture), 0.8m, line, days.Index, days.Length);
                break;
            }
        }
    }

    private static void Currency(IReadOnlyList<TextLine> lines, List<ReadField> fields, ReadSource source)
    {
        if (lines.Select(l => (Line: l, Match: Labels.CurrencyLabel().Match(l.Text))).FirstOrDefault(x => x.Match.Success) is { Line: not null } named)
        {
            var code = named.Match.Groups[1];
            fields.Add(new ReadField(BillFields.Currency, code.Value.ToUpperInvariant(), Math.Round(0.95m * named.Line.ConfidenceOf(code.Index, code.Length), 3), source, named.Line.Page));
            return;
        }
        var seen = lines.SelectMany(l => Labels.Currency().Matches(l.Text).Select(m => (Line: l, Code: Code(m), m.Index, m.Length))).ToList();
        if (seen.Count == 0) return;
        var top = seen.GroupBy(s => s.Code).OrderByDescending(g => g.Count()).First();
        var share = (decimal)top.Count() / seen.Count;
        var first = top.First();
        var confidence = (top.Count() >= 2 ? 0.9m : 0.7m) * share * first.Line.ConfidenceOf(first.Index, first.Length);
        fields.Add(new ReadField(BillFields.Currency, top.Key, Math.Round(confidence, 3), source, first.Line.Page));

        static string Code(Match m) => m.Groups[1].Success ? m.Groups[1].Value.ToUpperInvariant() : m.Groups[2].Success ? "EUR" : m.Groups[3].Success ? "GBP" : "CHF";
    }

    private static int LastMatch(Regex label, string text) => label.Matches(text).LastOrDefault()?.Index ?? -1;

    [GeneratedRegex(@"^(?:nr\.|no\.|n°\.?)(?=[\p{L}\d])", RegexOptions.IgnoreCase)]
    private static partial Regex GluedFiller();

    [GeneratedRegex(@"\S+")]
    private static partial Regex Token();

    [GeneratedRegex(@"^(?:nr\.?|no\.?|n[°o]\.?|n\.|#|:|number|nummer|numero|num[ée]ro|de|di|della|la)$", RegexOptions.IgnoreCase)]
    private static partial Regex Filler();
}
