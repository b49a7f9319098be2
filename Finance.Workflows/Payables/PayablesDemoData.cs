using Dapper;
using Finance.Core.Companies;
using Finance.Core.Demo;
using Finance.Core.Documents;
using Finance.Core.Invoicing.QrBill;
using Finance.Core.Payables;
using Finance.Workflows.Engines;
using Npgsql;

namespace Finance.Workflows.Payables;

/// <summary>
/// Supplier bills for a first run: per company a known supplier (its IBAN on file) whose QR-bill invoice validates itself,
/// an unknown one whose bill goes to review and approval, and the first bill uploaded a second time (a duplicate). Each is
/// uploaded as a bookkeeper would, so the workers read them with the real pipeline when they start.
/// </summary>
internal sealed class PayablesDemoData(NpgsqlDataSource dataSource, CompanyStore companies, SupplierStore suppliers, BillIntake intake,
    FlowStartOutbox flowStarts) : IDemoSeeder
{
    private const string Uploader = "demo-bookkeeper";

    public string Description => "supplier bills: validated by itself, waiting for review, a duplicate";

    public async Task<bool> SeedOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM bills)", cancellationToken: cancellationToken)))
        {
            return false;
        }

        foreach (var company in await companies.ListAsync(null, cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await suppliers.CreateAsync(transaction, company.Code, new SupplierInput("Imprimerie Favre SA", "Rue du Simplon", "4", "1800", "Vevey",
                Uid: "CHE-109.322.551", DefaultVatRate: 8.1m, PaymentTermsDays: 30, Ibans: [Known.Account]), cancellationToken);
            var known = Render(Known, "Imprimerie Favre SA", ["Rue du Simplon 4", "1800 Vevey"], "CHE-109.322.551 TVA", company, 1480.25m, "F-2026-311");
            var unknown = Render(Unknown, "Atelier Bürki GmbH", ["Marktgasse 19", "3011 Bern"], "CHE-116.281.710 MWST", company, 2270.80m, "AB-77812");
            await UploadAsync(transaction, company.Code, known, "favre-f-2026-311.pdf", cancellationToken);
            await UploadAsync(transaction, company.Code, unknown, "buerki-ab-77812.pdf", cancellationToken);
            await UploadAsync(transaction, company.Code, known, "favre-f-2026-311 (copy).pdf", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        return true;
    }

    private async Task UploadAsync(NpgsqlTransaction transaction, string company, byte[] pdf, string fileName, CancellationToken cancellationToken)
    {
        var received = await intake.ReceiveAsync(transaction, company, pdf, fileName, Uploader, cancellationToken);
        if (!received.DuplicateDocument)
        {
            await flowStarts.AppendAsync(transaction, new StartFlowRequest(PayableFlows.ProcessId, new() { ["billId"] = received.Bill.Id.ToString() },
                company, received.Bill.Id.ToString(), InstanceId: PayableFlows.ProcessInstanceId(received.Bill.Id)), cancellationToken);
        }
    }

    private static readonly QrBill Known = new()
    {
        Account = "CH5800791123000889012",
        Creditor = new("Imprimerie Favre SA", "Rue du Simplon", "4", "1800", "Vevey", "CH"),
        ReferenceType = QrReferenceType.Scor,
        Reference = "RF18539007547034",
    };

    private static readonly QrBill Unknown = new()
    {
        Account = "CH4431999123000889012",
        Creditor = new("Atelier Bürki GmbH", "Marktgasse", "19", "3011", "Bern", "CH"),
        ReferenceType = QrReferenceType.Qrr,
        Reference = "210000000003139471430009017",
    };

    private static byte[] Render(QrBill bill, string supplier, string[] address, string vat, Company company, decimal gross, string number)
    {
        var net = decimal.Round(gross / 1.081m, 2);
        var issued = new DateOnly(2026, 11, 20);
        var debtor = new QrAddress(company.Name, company.Address.Street, company.Address.BuildingNumber, company.Address.PostalCode,
            company.Address.Town, company.Address.Country);
        return InvoicePdfRenderer.Render(new InvoiceDocument
        {
            Language = company.DefaultLanguage,
            Number = number,
            IssueDate = issued,
            DueDate = issued.AddDays(30),
            Currency = "CHF",
            Company = new(supplier, address, vat),
            Customer = new(company.Name, [$"{company.Address.Street} {company.Address.BuildingNumber}", $"{company.Address.PostalCode} {company.Address.Town}"]),
            Lines = [new InvoiceLine("Travaux d'impression et fournitures", 1, net, 0, 8.1m, net)],
            Totals = new(net, [new VatLine(8.1m, net, gross - net)], gross - net, gross),
            QrBill = bill with { Amount = gross, Debtor = debtor },
        });
    }
}
