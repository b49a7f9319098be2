namespace Finance.Core.Invoicing;

/// <summary>Swiss VAT rates in force since 1 January 2024 (MWSTG art. 25): standard 8.1 %, reduced 2.6 %,
/// accommodation 3.8 %, and 0 % for exempt or exported supplies. Anything else is refused.</summary>
public static class VatRates
{
    public static readonly IReadOnlyList<decimal> Allowed = [8.1m, 2.6m, 3.8m, 0m];

    public static bool IsAllowed(decimal rate) => Allowed.Contains(rate);
}
