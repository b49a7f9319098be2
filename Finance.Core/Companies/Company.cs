namespace Finance.Core.Companies;

/// <summary>A company of the group. <see cref="Code"/> is the stable key callers use (e.g. <c>HYPERVISUAL</c>).</summary>
public sealed record Company(
    short Id,
    string Code,
    string Name,
    string LegalForm,
    PostalAddress Address,
    string DefaultLanguage,
    string Currency,
    string VatNumber,
    string Email,
    IReadOnlyList<BankAccount> BankAccounts);

/// <summary>A structured Swiss address (QR-bill address type S, SIX IG 2.3 §4.2.2).</summary>
public sealed record PostalAddress(string Street, string BuildingNumber, string PostalCode, string Town, string Country);

public sealed record BankAccount(string BankName, string Iban, string? QrIban, string Currency, bool IsDefault);
