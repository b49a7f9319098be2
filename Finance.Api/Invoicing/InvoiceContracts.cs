using Finance.Core.Errors;
using Finance.Core.Invoicing;

namespace Finance.Api.Invoicing;

public sealed record InvoiceRequest(
    string? Company,
    Guid CustomerId,
    string? Currency,
    DateOnly? InvoiceDate,
    bool CashRounding,
    string? Notes,
    InvoiceLineRequest[]? Lines)
{
    public InvoiceDraftInput ToInput() => new(Company, CustomerId, Currency, InvoiceDate, CashRounding, Notes, InvoiceLineRequest.ToInputs(Lines));
}

/// <summary>A line: quantity, unit price and VAT rate are required (a missing one is an error, never 0); no discount means 0 %.</summary>
public sealed record InvoiceLineRequest(string? Description, decimal? Quantity, decimal? UnitPrice, decimal? DiscountPercent = null, decimal? VatRate = null)
{
    public static InvoiceLineInput[]? ToInputs(InvoiceLineRequest[]? lines)
    {
        if (lines is null) return null;
        var errors = new FieldErrors();
        var inputs = new InvoiceLineInput[lines.Length];
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i] is not { } l) continue;
            var at = $"lines[{i}]";
            inputs[i] = new InvoiceLineInput(l.Description, RequiredField.Of(l.Quantity, $"{at}.quantity", errors),
                RequiredField.Of(l.UnitPrice, $"{at}.unitPrice", errors), l.DiscountPercent ?? 0m, RequiredField.Of(l.VatRate, $"{at}.vatRate", errors));
        }
        errors.ThrowIfAny();
        return inputs;
    }
}

public sealed record CreditNoteRequest(DateOnly? Date, string? Notes, InvoiceLineRequest[]? Lines)
{
    public CreditNoteInput ToInput() => new(Date, Notes, InvoiceLineRequest.ToInputs(Lines));
}

/// <summary>Numbers a request must carry: JSON without them binds to null here, and becomes a field error, not a silent 0.</summary>
internal static class RequiredField
{
    public static T Of<T>(T? value, string field, FieldErrors errors) where T : struct
    {
        if (value is null) errors.Add(field, "Required.");
        return value ?? default;
    }
}

public sealed record InvoiceLineResponse(int Position, string Description, decimal Quantity, decimal UnitPrice, decimal DiscountPercent, decimal VatRate, decimal Amount);

public sealed record VatTotalResponse(decimal Rate, decimal Net, decimal Vat);

public sealed record InvoiceResponse(
    Guid Id,
    string Company,
    Guid CustomerId,
    string Kind,
    Guid? CreditedInvoiceId,
    string? Number,
    string Status,
    string Currency,
    DateOnly? InvoiceDate,
    DateOnly? DueDate,
    int PaymentTermsDays,
    bool CashRounding,
    InvoiceLineResponse[] Lines,
    VatTotalResponse[] VatTotals,
    decimal NetTotal,
    decimal VatTotal,
    decimal Rounding,
    decimal Total,
    decimal PaidAmount,
    decimal CreditedAmount,
    decimal OpenAmount,
    string? CreditorAccount,
    string? ReferenceType,
    string? PaymentReference,
    string? Notes,
    DateTimeOffset? IssuedAt,
    DateOnly? OverdueSince,
    int ReminderCount)
{
    public static InvoiceResponse From(Invoice i) => new(i.Id, i.CompanyCode, i.CustomerId, i.Kind, i.CreditedInvoiceId, i.Number, i.Status, i.Currency,
        i.InvoiceDate, i.DueDate, i.PaymentTermsDays, i.CashRounding,
        [.. i.Amounts.Lines.Select(l => new InvoiceLineResponse(l.Position, l.Description, l.Quantity, l.UnitPrice,
            l.DiscountPercent, l.VatRate, Money(l.Amount)))],
        [.. i.Amounts.VatTotals.Select(v => new VatTotalResponse(v.Rate, Money(v.Net), Money(v.Vat)))],
        Money(i.Amounts.NetTotal), Money(i.Amounts.VatTotal), Money(i.Amounts.Rounding), Money(i.Amounts.Total),
        Money(i.PaidAmount), Money(i.CreditedAmount), Money(i.OpenAmount), i.CreditorAccount, i.ReferenceType, i.PaymentReference, i.Notes, i.IssuedAt,
        i.OverdueSince, i.ReminderCount);

    // Amounts are stored with four decimals (numeric(19,4)) and are always whole centimes: show two.
    internal static decimal Money(decimal value) => InvoiceCalculator.Round2(value);
}

public sealed record PaymentRequest(DateOnly? Date, decimal? Amount, string? Currency, string? Reference)
{
    public PaymentInput ToInput()
    {
        var errors = new FieldErrors();
        var amount = RequiredField.Of(Amount, "amount", errors);
        errors.ThrowIfAny();
        return new(Date, amount, Currency, Reference);
    }
}

public sealed record PaymentResponse(Guid Id, Guid InvoiceId, DateOnly Date, decimal Amount, string Currency, string? Reference,
    decimal AppliedAmount, decimal CustomerCredit, DateTimeOffset RecordedAt)
{
    public static PaymentResponse From(Payment p) => new(p.Id, p.InvoiceId, p.Date, InvoiceResponse.Money(p.Amount), p.Currency, p.Reference,
        InvoiceResponse.Money(p.AppliedAmount), InvoiceResponse.Money(p.CreditAmount), p.RecordedAt);
}

public sealed record RecordedPaymentResponse(PaymentResponse Payment, InvoiceResponse Invoice);
