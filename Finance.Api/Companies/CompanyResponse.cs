using Finance.Core.Companies;

namespace Finance.Api.Companies;

public sealed record CompanyResponse(
    string Code,
    string Name,
    string LegalForm,
    AddressResponse Address,
    string DefaultLanguage,
    string Currency,
    string VatNumber,
    string Email,
    BankAccountResponse[] BankAccounts)
{
    public static CompanyResponse From(Company c) => new(
        c.Code, c.Name, c.LegalForm,
        new AddressResponse(c.Address.Street, c.Address.BuildingNumber, c.Address.PostalCode, c.Address.Town, c.Address.Country),
        c.DefaultLanguage, c.Currency, c.VatNumber, c.Email,
        [.. c.BankAccounts.Select(a => new BankAccountResponse(a.BankName, a.Iban, a.QrIban, a.Currency, a.IsDefault))]);
}

public sealed record AddressResponse(string Street, string BuildingNumber, string PostalCode, string Town, string Country);

public sealed record BankAccountResponse(string BankName, string Iban, string? QrIban, string Currency, bool IsDefault);
