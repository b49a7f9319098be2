using System.Net;
using System.Net.Http.Json;
using System.Xml.Linq;
using Finance.Api.Auth;
using Finance.Api.Payables;
using Finance.Core.Payables;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Finance.Tests.Payables;

/// <summary>Payment runs through the API: validated bills due by the date become one pain.001 file and are in payment; cancel puts them back.</summary>
public sealed class PaymentRunApiTests(DatabaseFixture database) : MailingApiTests(database)
{
    private const string Company = "ENKI_REALTY";
    private static readonly XNamespace Pain = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

    private HttpClient Accountant => Api.CreateClientWithToken(Roles.Accountant, "dora", Company);

    private NpgsqlDataSource Data => Api.Services.GetRequiredService<NpgsqlDataSource>();

    [Fact]
    public async Task Create_ValidatedBillsDue_OneFileBillsInPayment_CancelPutsThemBack()
    {
        var first = await PayablesSeed.ReviewBillAsync(Data, Company, 1250.40m, status: BillStatus.Validated);
        var second = await PayablesSeed.ReviewBillAsync(Data, Company, 310.00m, status: BillStatus.Validated);
        var notYet = await PayablesSeed.ReviewBillAsync(Data, Company, 99.90m, status: BillStatus.Review);
        var iban = await PayablesSeed.DebtorIbanAsync(Data, Company);

        var created = await Accountant.PostAsJsonAsync("/api/payables/payment-runs", new PaymentRunRequest(Company, iban, new DateOnly(2026, 12, 18)));
        var run = (await created.Content.ReadFromJsonAsync<PaymentRun>())!;
        var file = XDocument.Parse(await Accountant.GetStringAsync($"/api/payables/payment-runs/{run.Id}/file"));
        var again = await Accountant.PostAsJsonAsync("/api/payables/payment-runs", new PaymentRunRequest(Company, iban, new DateOnly(2026, 12, 18)));
        var bills = Api.Services.GetRequiredService<BillStore>();
        var inPayment = (await bills.FindAsync(first, default))!.Status;
        var cancelled = await Accountant.PostAsync($"/api/payables/payment-runs/{run.Id}/cancel", null);
        var cancelledAgain = await Accountant.PostAsync($"/api/payables/payment-runs/{run.Id}/cancel", null);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal((2, 1560.40m, "created"), (run.TransferCount, run.ControlSum, run.Status));
        Assert.Equal(new[] { first, second }.Order(), run.BillIds.Order());
        var header = file.Root!.Element(Pain + "CstmrCdtTrfInitn")!.Element(Pain + "GrpHdr")!;
        Assert.Equal(("2", "1560.40", run.MessageId), (header.Element(Pain + "NbOfTxs")!.Value, header.Element(Pain + "CtrlSum")!.Value, header.Element(Pain + "MsgId")!.Value));
        Assert.Equal(iban, file.Descendants(Pain + "DbtrAcct").Single().Descendants(Pain + "IBAN").Single().Value);
        Assert.Equal("2026-12-18", file.Descendants(Pain + "ReqdExctnDt").First().Element(Pain + "Dt")!.Value);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(BillStatus.InPayment, inPayment);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(BillStatus.Validated, (await bills.FindAsync(first, default))!.Status);
        Assert.Equal(BillStatus.Review, (await bills.FindAsync(notYet, default))!.Status);
        Assert.Equal(HttpStatusCode.Conflict, cancelledAgain.StatusCode);
    }

    [Fact]
    public async Task Create_AccountOfAnotherCompanyOrViewer_Refused()
    {
        var otherIban = await PayablesSeed.DebtorIbanAsync(Data, "DAINAMICS");

        var wrongAccount = await Accountant.PostAsJsonAsync("/api/payables/payment-runs", new PaymentRunRequest(Company, otherIban, new DateOnly(2026, 12, 18)));
        var viewer = await Api.CreateClientWithToken(Roles.Viewer, "vera", Company)
            .PostAsJsonAsync("/api/payables/payment-runs", new PaymentRunRequest(Company, otherIban, new DateOnly(2026, 12, 18)));

        Assert.Equal(HttpStatusCode.BadRequest, wrongAccount.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
    }
}
