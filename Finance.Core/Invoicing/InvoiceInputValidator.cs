using Finance.Core.Errors;
using System.Globalization;

namespace Finance.Core.Invoicing;

/// <summary>Field checks on what callers send; field names are the JSON ones (camelCase, <c>lines[0].vatRate</c>).</summary>
public static class InvoiceInputValidator
{
    public const int MaxLines = 500;
    public const int MaxNotesLength = 2000;

    /// <summary>
    /// The dates a document may carry: years 2000 to 2099. Wider than any book the group keeps (ten years of retention,
    /// CO art. 958f) and far enough from DateOnly.MaxValue that a due date or a reminder's pay-by date always exists.
    /// </summary>
    public static readonly DateOnly FirstDate = new(2000, 1, 1);

    public static readonly DateOnly LastDate = new(2099, 12, 31);

    public static void ValidateDate(DateOnly? date, string field, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (date is { } d && (d < FirstDate || d > LastDate)) errors.Add(field, $"The date must be between {FirstDate:yyyy-MM-dd} and {LastDate:yyyy-MM-dd}.");
    }

    public static void ValidateNotes(string? notes, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (notes is { Length: > MaxNotesLength }) errors.Add("notes", $"Notes are limited to {MaxNotesLength} characters.");
    }

    public static void ValidateDraft(InvoiceDraftInput input)
    {
        var errors = new FieldErrors();
        if (input.CustomerId == Guid.Empty) errors.Add("customerId", "A customer is required.");
        if (input.Currency is not ("CHF" or "EUR")) errors.Add("currency", "Currency must be CHF or EUR.");
        if (input.CashRounding && input.Currency != "CHF") errors.Add("cashRounding", "Cash rounding to 0.05 applies to CHF only.");
        ValidateNotes(input.Notes, errors);
        ValidateDate(input.InvoiceDate, "invoiceDate", errors);
        ValidateLines(input.Lines, errors);
        errors.ThrowIfAny();
    }

    public static void ValidateLines(IReadOnlyList<InvoiceLineInput>? lines, FieldErrors errors)
    {
        if (lines is null || lines.Count == 0)
        {
            errors.Add("lines", "At least one line is required.");
            return;
        }
        if (lines.Count > MaxLines) errors.Add("lines", $"At most {MaxLines} lines.");
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var at = $"lines[{i}]";
            if (line is null)
            {
                errors.Add(at, "A line is required.");
                continue;
            }
            if (string.IsNullOrWhiteSpace(line.Description)) errors.Add($"{at}.description", "A description is required.");
            else if (line.Description.Length > 500) errors.Add($"{at}.description", "A description is limited to 500 characters.");
            if (line.Quantity <= 0) errors.Add($"{at}.quantity", "The quantity must be greater than 0.");
            if (decimal.Round(line.Quantity, 4) != line.Quantity) errors.Add($"{at}.quantity", "At most 4 decimals.");
            if (decimal.Round(line.UnitPrice, 4) != line.UnitPrice) errors.Add($"{at}.unitPrice", "At most 4 decimals.");
            if (Math.Abs(line.UnitPrice) > 1_000_000_000m) errors.Add($"{at}.unitPrice", "The unit price is out of range.");
            if (line.Quantity > 1_000_000m) errors.Add($"{at}.quantity", "The quantity is out of range.");
            if (line.DiscountPercent is < 0 or > 100) errors.Add($"{at}.discountPercent", "The discount must be between 0 and 100 percent.");
            if (!VatRates.IsAllowed(line.VatRate))
                errors.Add($"{at}.vatRate", $"VAT rate {line.VatRate.ToString(CultureInfo.InvariantCulture)} is not a Swiss rate (8.1, 2.6, 3.8 or 0).");
        }
    }

    public static void ValidatePayment(PaymentInput input, string invoiceCurrency)
    {
        var errors = new FieldErrors();
        if (input.Amount <= 0) errors.Add("amount", "The amount must be greater than 0.");
        if (decimal.Round(input.Amount, 2) != input.Amount) errors.Add("amount", "At most 2 decimals.");
        if (input.Currency != invoiceCurrency) errors.Add("currency", $"The invoice is in {invoiceCurrency}; the payment must be too.");
        if (input.Reference is { Length: > 140 }) errors.Add("reference", "The reference is limited to 140 characters.");
        ValidateDate(input.Date, "date", errors);
        errors.ThrowIfAny();
    }
}
