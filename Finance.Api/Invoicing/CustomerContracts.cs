using Finance.Core.Errors;
using Finance.Api.Companies;
using Finance.Core.Companies;
using Finance.Core.Invoicing;

namespace Finance.Api.Invoicing;

public sealed record CustomerRequest(
    string? Company,
    string? Name,
    AddressRequest? Address,
    string? Language,
    string? Email,
    int? PaymentTermsDays,
    string? VatNumber)
{
    public CustomerInput ToInput()
    {
        var errors = new FieldErrors();
        var terms = RequiredField.Of(PaymentTermsDays, "paymentTermsDays", errors);
        errors.ThrowIfAny();
        return new(Name,
            Address is null ? null : new PostalAddress(Address.Street!, Address.BuildingNumber!, Address.PostalCode!, Address.Town!, Address.Country!),
            Language, Email, terms, VatNumber);
    }
}

public sealed record AddressRequest(string? Street, string? BuildingNumber, string? PostalCode, string? Town, string? Country);

public sealed record CustomerResponse(
    Guid Id,
    string Company,
    string Name,
    AddressResponse Address,
    string Language,
    string Email,
    int PaymentTermsDays,
    string? VatNumber)
{
    public static CustomerResponse From(Customer c) => new(c.Id, c.CompanyCode, c.Name,
        new AddressResponse(c.Address.Street, c.Address.BuildingNumber, c.Address.PostalCode, c.Address.Town, c.Address.Country),
        c.Language, c.Email, c.PaymentTermsDays, c.VatNumber);
}
