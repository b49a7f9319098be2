namespace Finance.Core.Payables;

/// <summary>A supplier of one company; <see cref="Ibans"/> are the accounts its bills pay to.</summary>
public sealed record Supplier(
    Guid Id,
    string CompanyCode,
    string Name,
    string? Street,
    string? BuildingNumber,
    string? PostalCode,
    string? Town,
    string Country,
    string? Uid,
    string? VatNumber,
    decimal? DefaultVatRate,
    int PaymentTermsDays,
    IReadOnlyList<string> Ibans);

/// <summary>What creates a supplier (from a read bill on confirmation, or by hand).</summary>
public sealed record SupplierInput(
    string Name,
    string? Street = null,
    string? BuildingNumber = null,
    string? PostalCode = null,
    string? Town = null,
    string Country = "CH",
    string? Uid = null,
    string? VatNumber = null,
    decimal? DefaultVatRate = null,
    int PaymentTermsDays = 30,
    IReadOnlyList<string>? Ibans = null);
