using Dapper;
using Finance.Core.Companies;
using Finance.Core.Demo;
using Finance.Core.Documents;
using Finance.Core.Invoicing.QrBill;
using Finance.Core.Payables;
using Finance.Core.Reading.Tools;
using Finance.Workflows.Engines;
using Npgsql;

namespace Finance.Workflows.Payables;

/// <summary>
/// Supplier bills for a first run, one of each kind the reader handles, per company: from a known supplier (its IBAN on
/// file) a QR-bill PDF that validates itself, a PDF without a slip (text layer only, the IBAN in its payment terms) and a
/// scanned page (a PNG, read by OCR); from an unknown supplier a QR-bill that goes to review and approval; and the first
/// bill uploaded a second time (a duplicate). Each is uploaded as a bookkeeper would, so the workers read them with the
/// real pipeline when they start.
/// </summary>
internal sealed class PayablesDemoData(NpgsqlDataSource dataSource, CompanyStore companies, SupplierStore suppliers, BillIntake intake,
    FlowStartOutbox flowStarts, PdfRasterizer rasterizer) : IDemoSeeder
{
    private const string Uploader = "demo-bookkeeper";

    public string Description => "supplier bills: QR-bill, text-only PDF, scanned image; validated by itself, waiting for review, a duplicate";

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
            var textOnly = Render(Known, "Imprimerie Favre SA", ["Rue du Simplon 4", "1800 Vevey"],
                "CHE-109.322.551 TVA", company, 615.40m, "F-2026-318", slip: false);
            var scanned = await ScanAsync(Render(Known, "Imprimerie Favre SA", ["Rue du Simplon 4", "1800 Vevey"], "CHE-109.322.551 TVA", company, 342.60m,
                "F-2026-325", slip: false), cancellationToken);
            await UploadAsync(transaction, company.Code, known, "favre-f-2026-311.pdf", cancellationToken);
            await UploadAsync(transaction, company.Code, unknown, "buerki-ab-77812.pdf", cancellationToken);
            await UploadAsync(transaction, company.Code, known, "favre-f-2026-311 (copy).pdf", cancellationToken);
            await UploadAsync(transaction, company.Code, textOnly, "favre-f-2026-318.pdf", cancellationToken);
            await UploadAsync(transaction, company.Code, scanned, "scan-favre-f-2026-325.png", cancellationToken);
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

    // A paper bill through the office scanner: the slip-less PDF rasterised in grey at 200 dpi by the reader's own pdftoppm.
    private async Task<byte[]> ScanAsync(byte[] pdf, CancellationToken cancellationToken)
    {
        using var workspace = new ToolWorkspace();
        var path = workspace.File("bill.pdf");
        await File.WriteAllBytesAsync(path, pdf, cancellationToken);
        return await File.ReadAllBytesAsync(await rasterizer.RenderAsync(path, 1, workspace, cancellationToken, dpi: 200), cancellationToken);
    }

    // Without a slip, the bill says where to pay in its terms, as bills from before the QR-bill did.
    private static readonly Dictionary<string, string> PayTo = new(StringComparer.Ordinal)
    {
        ["de"] = "Zahlbar innert 30 Tagen auf IBAN {0}", ["fr"] = "Payable dans les 30 jours sur IBAN {0}",
        ["it"] = "Pagabile entro 30 giorni su IBAN {0}", ["en"] = "Payable within 30 days to IBAN {0}",
    };

    private static byte[] Render(QrBill bill, string supplier, string[] address, string vat, Company company, decimal gross, string number, bool slip = true)
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
            QrBill = slip ? bill with { Amount = gross, Debtor = debtor } : null,
            PaymentTerms = slip ? null : string.Format(System.Globalization.CultureInfo.InvariantCulture, PayTo.GetValueOrDefault(company.DefaultLanguage, PayTo["en"]),
                string.Join(' ', bill.Account.Chunk(4).Select(block => new string(block)))),
        });
    }
}
