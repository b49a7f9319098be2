using System.Net;
using System.Net.Http.Json;
using Finance.Api.Auth;
using Finance.Api.Banking;
using Finance.Api.Flows;
using Finance.Core.Banking;
using Finance.Core.Invoicing;
using Finance.Core.Reconciliation;
using Finance.Core.Reconciliation.Engine;
using Finance.Tests.Api.Flows;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using Finance.Workflows.Invoicing;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Tests.Banking;

/// <summary>
/// The bank's side pays invoices by itself: a camt.054 with the invoice's QR reference is imported, the reconciliation
/// flow books it, <c>invoice.mark-paid</c> runs with the transaction id and ends the dunning; a wrong reference goes to
/// review with ranked suggestions a person confirms; undo reverses the booking and keeps the trail.
/// </summary>
public sealed class ReconciliationApiTests(DatabaseFixture database) : MailingApiTests(database)
{
    private const string Company = "HYPERVISUAL";

    [Fact]
    public async Task QrPaymentInCamt054_ReconciliationPaysTheInvoice_MarkPaidEndsTheDunning_UndoReopensIt()
    {
        var invoicing = new InvoicingClient(Api.ClientWithToken());
        var invoice = await invoicing.IssuedInvoiceAsync(Company);
        await Api.ClientWithToken().PostAsync($"/api/invoices/{invoice.Id}/send", null);
        await Api.DrainAsync();
        var camt = BankingSeed.Camt054(await BankingSeed.QrIbanAsync(Api, Company), "N-" + Guid.NewGuid().ToString("N")[..8],
            (invoice.Total, invoice.PaymentReference, "Müller & Fils SA", "QR-" + Guid.NewGuid().ToString("N")[..10]));
        var accountant = Api.ClientWithToken(Roles.Accountant, Company);

        await BankingSeed.ExpectAsync(HttpStatusCode.Created, await accountant.PostAsync("/api/banking/statements", BankingSeed.Upload(camt, "camt054.xml")));
        var started = await accountant.PostAsJsonAsync("/api/banking/reconciliation", new ForceReconciliationRequest(Company));
        await Api.DrainAsync();

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var paid = await invoicing.GetAsync(invoice.Id);
        Assert.Equal(InvoiceStatus.Paid, paid.Status);
        var line = Assert.Single((await accountant.GetFromJsonAsync<BankTransaction[]>($"/api/banking/transactions?company={Company}&status=matched"))!,
            t => t.Reference == invoice.PaymentReference);
        var review = (await accountant.GetFromJsonAsync<TransactionReconciliationResponse>($"/api/banking/transactions/{line.Id}/reconciliation"))!;
        var match = Assert.Single(review.Matches);
        Assert.Equal(("invoice", invoice.Id, true, "reconciliation"), (match.Target, match.InvoiceId!.Value, match.Automatic, match.ConfirmedBy));
        var markPaid = await Api.ClientWithToken().GetFromJsonAsync<FlowInstanceDetailsResponse>(
            $"/api/flows/instances/{InvoiceFlows.MarkPaidInstanceId(match.PaymentId!.Value)}");
        Assert.Equal("completed", markPaid!.Instance.Status);
        Assert.Equal(line.Id.ToString(), (string?)markPaid.Input!["transactionId"]);
        var dunning = await Api.ClientWithToken().GetFromJsonAsync<FlowInstanceDetailsResponse>($"/api/flows/instances/invoice-dunning-{invoice.Id}");
        Assert.Equal("completed", dunning!.Instance.Status);

        var undo = await accountant.PostAsJsonAsync($"/api/banking/transactions/{line.Id}/undo", new UndoMatchRequest("paid by the other Müller"));
        var reopened = await invoicing.GetAsync(invoice.Id);
        var trail = (await accountant.GetFromJsonAsync<TransactionReconciliationResponse>($"/api/banking/transactions/{line.Id}/reconciliation"))!;

        Assert.Equal(HttpStatusCode.NoContent, undo.StatusCode);
        Assert.Equal(invoice.Total, reopened.OpenAmount);
        Assert.Equal(BankTransactionStatus.Unmatched, trail.Transaction.Status);
        var undone = Assert.Single(trail.Matches);
        Assert.Equal(("undone", "test-accountant", "paid by the other Müller"), (undone.Status, undone.UndoneBy, undone.UndoReason));
    }

    [Fact]
    public async Task WrongReference_GoesToReviewWithRankedSuggestions_ConfirmingTheFirstPaysTheInvoice()
    {
        var invoicing = new InvoicingClient(Api.ClientWithToken());
        var invoice = await invoicing.IssuedInvoiceAsync(Company);
        var lineId = await BankingSeed.TransactionAsync(Api, Company, invoice.Total, qrr: null, counterparty: "Muller et Fils");
        var accountant = Api.ClientWithToken(Roles.Accountant, Company);

        await accountant.PostAsJsonAsync("/api/banking/reconciliation", new ForceReconciliationRequest(Company));
        await Api.DrainAsync();
        var review = (await accountant.GetFromJsonAsync<TransactionReconciliationResponse>($"/api/banking/transactions/{lineId}/reconciliation"))!;
        var viewerConfirm = await Api.ClientWithToken(Roles.Viewer, Company).PostAsJsonAsync($"/api/banking/transactions/{lineId}/confirm",
            new ConfirmMatchRequest(1, null, null));
        var confirmed = await accountant.PostAsJsonAsync($"/api/banking/transactions/{lineId}/confirm", new ConfirmMatchRequest(1, null, null));
        var twice = await accountant.PostAsJsonAsync($"/api/banking/transactions/{lineId}/confirm", new ConfirmMatchRequest(1, null, null));
        await Api.DrainAsync();

        Assert.Equal(BankTransactionStatus.Review, review.Transaction.Status);
        Assert.Contains(invoice.Id.ToString(), review.Suggestions[0].Allocations, StringComparison.Ordinal);
        Assert.True(review.Suggestions[0].Score < 0.95m);
        Assert.Equal(HttpStatusCode.Forbidden, viewerConfirm.StatusCode);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(InvoiceStatus.Paid, (await invoicing.GetAsync(invoice.Id)).Status);
    }

    [Fact]
    public async Task Rules_IgnoreSalariesAndBookFees_BeforeMatching_BadRulesAreRefused()
    {
        var accountant = Api.ClientWithToken(Roles.Accountant, Company);
        var salary = await accountant.PostAsJsonAsync("/api/banking/rules", new RuleInput(Company, "Salaries", 10,
            new RuleCondition(TextRegex: "^Lohn \\w+ 2026$"), new RuleAction(RuleActionKind.Ignore)));
        var fees = await accountant.PostAsJsonAsync("/api/banking/rules", new RuleInput(Company, "Account fees", 20,
            new RuleCondition(CounterpartyContains: "Kantonalbank", MaxAmount: 0m), new RuleAction(RuleActionKind.BookAsBankFee)));
        var badRegex = await accountant.PostAsJsonAsync("/api/banking/rules", new RuleInput(Company, "Broken", 1,
            new RuleCondition(TextRegex: "(unclosed"), new RuleAction(RuleActionKind.Ignore)));
        var noCondition = await accountant.PostAsJsonAsync("/api/banking/rules", new RuleInput(Company, "Everything", 1, new RuleCondition(),
            new RuleAction(RuleActionKind.Ignore)));
        var groupWide = await accountant.PostAsJsonAsync("/api/banking/rules", new RuleInput(null, "Everyone's", 1, new RuleCondition(TextContains: "x"),
            new RuleAction(RuleActionKind.Ignore)));
        var salaryLine = await BankingSeed.TransactionAsync(Api, Company, -6250m, counterparty: "Anna Keller", remittance: "Lohn November 2026");
        var feeLine = await BankingSeed.TransactionAsync(Api, Company, -12m, counterparty: "Banque Cantonale Vaudoise Kantonalbank", remittance: "Kontoführung");

        await accountant.PostAsJsonAsync("/api/banking/reconciliation", new ForceReconciliationRequest(Company));
        await Api.DrainAsync();

        await BankingSeed.ExpectAsync(HttpStatusCode.Created, salary);
        await BankingSeed.ExpectAsync(HttpStatusCode.Created, fees);
        Assert.Equal(HttpStatusCode.BadRequest, badRegex.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noCondition.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, groupWide.StatusCode);
        var ignored = (await accountant.GetFromJsonAsync<TransactionReconciliationResponse>($"/api/banking/transactions/{salaryLine}/reconciliation"))!;
        var fee = (await accountant.GetFromJsonAsync<TransactionReconciliationResponse>($"/api/banking/transactions/{feeLine}/reconciliation"))!;
        Assert.Equal((BankTransactionStatus.Ignored, "ignored", "rule Salaries"), (ignored.Transaction.Status, ignored.Matches[0].Target, ignored.Matches[0].Reasons));
        Assert.Equal((BankTransactionStatus.Matched, "fee", 12m), (fee.Transaction.Status, fee.Matches[0].Target, fee.Matches[0].Fee));
    }

    [Fact]
    public async Task DebitNotice_WithThePaymentRunsEndToEndId_MarksTheBillPaid_UndoPutsItBackInPayment()
    {
        var data = Api.Services.GetRequiredService<Npgsql.NpgsqlDataSource>();
        var billId = await Finance.Tests.Payables.PayablesSeed.ReviewBillAsync(data, Company, gross: 777.70m, status: Finance.Core.Payables.BillStatus.Validated);
        var run = await Api.Services.GetRequiredService<Finance.Core.Payables.PaymentRuns>().CreateAsync(Company,
            await Finance.Tests.Payables.PayablesSeed.DebtorIbanAsync(data, Company), new DateOnly(2026, 12, 18), "test", default);
        await using var connection = await data.OpenConnectionAsync();
        var (endToEnd, amount) = await Dapper.SqlMapper.QuerySingleAsync<(string, decimal)>(connection,
            "SELECT end_to_end_id, amount FROM payment_run_items WHERE run_id = @run AND bill_id = @billId", new { run = run.Id, billId });
        var lineId = await BankingSeed.TransactionAsync(Api, Company, -amount, counterparty: "Supplier", endToEndId: endToEnd);
        var accountant = Api.ClientWithToken(Roles.Accountant, Company);

        await accountant.PostAsJsonAsync("/api/banking/reconciliation", new ForceReconciliationRequest(Company));
        await Api.DrainAsync();
        var paid = await BillStatusAsync(connection, billId);
        var undo = await accountant.PostAsJsonAsync($"/api/banking/transactions/{lineId}/undo", new UndoMatchRequest("debit of another run"));

        Assert.Equal(Finance.Core.Payables.BillStatus.Paid, paid);
        var review = (await accountant.GetFromJsonAsync<TransactionReconciliationResponse>($"/api/banking/transactions/{lineId}/reconciliation"))!;
        Assert.Equal(("bill", billId, "EndToEnd"), (review.Matches[0].Target, review.Matches[0].BillId!.Value, review.Matches[0].Kind));
        Assert.Equal(HttpStatusCode.NoContent, undo.StatusCode);
        Assert.Equal(Finance.Core.Payables.BillStatus.InPayment, await BillStatusAsync(connection, billId));
    }

    private static async Task<string> BillStatusAsync(Npgsql.NpgsqlConnection connection, Guid billId) =>
        (await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "SELECT status FROM bills WHERE id = @billId", new { billId }))!;
}
