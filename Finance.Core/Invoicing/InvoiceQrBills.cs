using Finance.Core.Errors;
using System.Globalization;
using Finance.Core.Companies;
using Finance.Core.Invoicing.QrBill;

namespace Finance.Core.Invoicing;

/// <summary>The creditor account, payment reference and QR-bill of an invoice (SIX IG QR-bill 2.3).</summary>
public static class InvoiceQrBills
{
    /// <summary>The company's default account for the currency, else its default account, else its first one.</summary>
    public static BankAccount? AccountFor(Company company, string currency) =>
        company.BankAccounts.FirstOrDefault(a => a.IsDefault && a.Currency == currency)
        ?? company.BankAccounts.FirstOrDefault(a => a.IsDefault)
        ?? (company.BankAccounts.Count > 0 ? company.BankAccounts[0] : null);

    /// <summary>With a QR-IBAN: a QR reference (27 digits, modulo 10 recursive); otherwise the IBAN with an
    /// ISO 11649 creditor reference (SCOR). Both are built from company id, year and sequence, so they are unique
    /// and let the bank statement be matched back to the invoice.</summary>
    public static (string Account, QrReferenceType Type, string Reference) ReferenceFor(BankAccount account, InvoiceNumbering.Assigned number)
    {
        var digits = string.Create(CultureInfo.InvariantCulture, $"{number.CompanyId:D3}{number.Year:D4}{number.Sequence:D8}");
        return account.QrIban is { } qrIban
            ? (Iban.Normalize(qrIban), QrReferenceType.Qrr, QrReference.Create(digits))
            : (Iban.Normalize(account.Iban), QrReferenceType.Scor, CreditorReference.Create(digits));
    }

    public static Invoicing.QrBill.QrBill Build(Company company, Customer customer, string account, QrReferenceType type, string reference,
        string currency, decimal? amount, string? number) => new()
    {
        Account = account,
        Creditor = new QrAddress(company.Name, company.Address.Street, company.Address.BuildingNumber, company.Address.PostalCode,
            company.Address.Town, company.Address.Country),
        Debtor = new QrAddress(customer.Name, customer.Address.Street, string.IsNullOrEmpty(customer.Address.BuildingNumber) ? null : customer.Address.BuildingNumber,
            customer.Address.PostalCode, customer.Address.Town, customer.Address.Country),
        Amount = amount,
        Currency = currency,
        ReferenceType = type,
        Reference = reference,
        UnstructuredMessage = number,
    };

    /// <summary>Validation errors keyed as request fields (<c>qrBill.RmtInf.Tp</c>).</summary>
    public static void ThrowIfInvalid(Invoicing.QrBill.QrBill bill)
    {
        var errors = QrBillValidator.Validate(bill);
        if (errors.Count == 0) return;
        var fields = new FieldErrors();
        foreach (var e in errors) fields.Add($"qrBill.{e.Field}", $"{e.Kind}: {e.Message}");
        fields.ThrowIfAny();
    }
}
