using Finance.Core.Companies;

namespace Finance.Core.Invoicing;

public sealed record Customer(
    Guid Id,
    string CompanyCode,
    string Name,
    PostalAddress Address,
    string Language,
    string Email,
    int PaymentTermsDays,
    string? VatNumber);

/// <summary>What a caller sends to create or replace a customer.</summary>
public sealed record CustomerInput(
    string? Name,
    PostalAddress? Address,
    string? Language,
    string? Email,
    int PaymentTermsDays,
    string? VatNumber);
