using System.Net;
using System.Net.Http.Json;
using Finance.Api.Auth;
using Finance.Api.Flows;
using Finance.Api.Payables;
using Finance.Core.Payables;
using Finance.Tests.Api.Flows;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using Finance.Workflows.Engines;
using Finance.Workflows.Payables;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Finance.Tests.Payables;

/// <summary>
/// Reviewing a read bill through the API: approvals (four eyes above the company's limit, never one's own upload), rejection,
/// corrections kept with who and when, validation scheduling the payment, and the approval flow's reminder and
/// escalation on the fake clock with real e-mails (maildev).
/// </summary>
public sealed class BillReviewApiTests(DatabaseFixture database) : MailingApiTests(database)
{
    private const string Company = "LEXAIA";

    private HttpClient Approver(string name) => Api.CreateClientWithToken(Roles.Approver, name, Company);

    private NpgsqlDataSource Data => Api.Services.GetRequiredService<NpgsqlDataSource>();

    [Fact]
    public async Task Approve_BelowFourEyesLimit_ValidatesAndSchedulesDueDateMinusLeadDays()
    {
        var billId = await PayablesSeed.ReviewBillAsync(Data, Company, gross: 1250.40m);

        var response = await Approver("anna").PostAsJsonAsync($"/api/payables/bills/{billId}/approve", new ApproveBillRequest("ok"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcome = (await response.Content.ReadFromJsonAsync<ApprovalResponse>())!;
        Assert.Equal((BillStatus.Validated, 0), (outcome.Bill.Status, outcome.StillNeeded));
        Assert.Equal(new DateOnly(2026, 12, 18), outcome.Bill.ScheduledFor); // due 20.12, two lead days
        Assert.Equal("anna", outcome.Bill.ValidatedBy);
        Assert.False(outcome.Bill.AutoValidated);
        Assert.Equal(1, await Database.DataSource.CountAsync("SELECT count(*) FROM outbox WHERE type = 'bill.validated' AND payload->>'billId' = @id",
            new { id = billId.ToString() }));
    }

    [Fact]
    public async Task Approve_AboveFourEyesLimit_NeedsTwoDifferentApprovers()
    {
        var billId = await PayablesSeed.ReviewBillAsync(Data, Company, gross: 25_000m);

        var first = await (await Approver("anna").PostAsJsonAsync($"/api/payables/bills/{billId}/approve", new ApproveBillRequest(null)))
            .Content.ReadFromJsonAsync<ApprovalResponse>();
        var again = await Approver("anna").PostAsJsonAsync($"/api/payables/bills/{billId}/approve", new ApproveBillRequest(null));
        var second = await (await Approver("bruno").PostAsJsonAsync($"/api/payables/bills/{billId}/approve", new ApproveBillRequest(null)))
            .Content.ReadFromJsonAsync<ApprovalResponse>();

        Assert.Equal((BillStatus.Review, 1), (first!.Bill.Status, first.StillNeeded));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal((BillStatus.Validated, 0), (second!.Bill.Status, second.StillNeeded));
        Assert.Equal("anna, bruno", second.Bill.ValidatedBy);
        var details = await Approver("carla").GetFromJsonAsync<BillDetailsResponse>($"/api/payables/bills/{billId}");
        Assert.Equal(["anna", "bruno"], details!.Approvals.Select(a => a.Approver));
        Assert.Equal(2, details.ApproversNeeded);
    }

    [Fact]
    public async Task Approve_OwnUpload_Forbidden_AccountantCannotApprove()
    {
        var billId = await PayablesSeed.ReviewBillAsync(Data, Company, uploadedBy: "anna");

        var own = await Approver("anna").PostAsJsonAsync($"/api/payables/bills/{billId}/approve", new ApproveBillRequest(null));
        var accountant = await Api.CreateClientWithToken(Roles.Accountant, "dora", Company)
            .PostAsJsonAsync($"/api/payables/bills/{billId}/approve", new ApproveBillRequest(null));

        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        Assert.Contains("bill.own_upload", await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, accountant.StatusCode);
        Assert.Equal(BillStatus.Review, (await Api.Services.GetRequiredService<BillStore>().FindAsync(billId, default))!.Status);
    }

    [Fact]
    public async Task Correct_KeepsOldValueWhoAndWhen_RefusesBadValuesAndValidatedBills()
    {
        var billId = await PayablesSeed.ReviewBillAsync(Data, Company, gross: 1250.40m);
        var accountant = Api.CreateClientWithToken(Roles.Accountant, "dora", Company);

        var corrected = await accountant.PostAsJsonAsync($"/api/payables/bills/{billId}/corrections", new CorrectBillRequest("amount.gross", "1300.5"));
        var badIban = await accountant.PostAsJsonAsync($"/api/payables/bills/{billId}/corrections", new CorrectBillRequest("payment.iban", "CH9300762011623852958"));
        var unknownField = await accountant.PostAsJsonAsync($"/api/payables/bills/{billId}/corrections", new CorrectBillRequest("status", "paid"));
        await Approver("anna").PostAsJsonAsync($"/api/payables/bills/{billId}/approve", new ApproveBillRequest(null));
        var afterValidation = await accountant.PostAsJsonAsync($"/api/payables/bills/{billId}/corrections", new CorrectBillRequest("invoice.number", "X"));

        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        Assert.Equal(1300.50m, (await corrected.Content.ReadFromJsonAsync<BillResponse>())!.GrossAmount);
        Assert.Equal(HttpStatusCode.BadRequest, badIban.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownField.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, afterValidation.StatusCode);
        var details = await accountant.GetFromJsonAsync<BillDetailsResponse>($"/api/payables/bills/{billId}");
        var correction = Assert.Single(details!.Corrections);
        Assert.Equal(("amount.gross", "1300.50", "dora", Clock.GetUtcNow()), (correction.Field, correction.NewValue, correction.CorrectedBy, correction.CorrectedAt));
        var field = Assert.Single(details.Fields, f => f.Name == "amount.gross");
        Assert.Equal((1m, "manual"), (field.Confidence, field.Source));
    }

    [Fact]
    public async Task Reject_ThenApprove_IsAConflictAndTheRejectionIsKept()
    {
        var billId = await PayablesSeed.ReviewBillAsync(Data, Company);

        var rejected = await Approver("anna").PostAsJsonAsync($"/api/payables/bills/{billId}/reject", new RejectBillRequest("not ordered"));
        var approved = await Approver("bruno").PostAsJsonAsync($"/api/payables/bills/{billId}/approve", new ApproveBillRequest(null));

        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal((BillStatus.Rejected, "anna", "not ordered"), ((await rejected.Content.ReadFromJsonAsync<BillResponse>())!.Status, "anna", "not ordered"));
        Assert.Equal(HttpStatusCode.Conflict, approved.StatusCode);
    }

    [Fact]
    public async Task Approve_UnknownSupplier_CreatesItFromTheReadFields_AndItRecognisesTheNextBill()
    {
        var billId = await PayablesSeed.ReviewBillAsync(Data, Company);
        await PayablesSeed.ReadFieldsAsync(Data, billId, ("supplier.name", "Atelier Graphique Dubois Sàrl"),
            ("supplier.address", "Rue du Lac 12\n1204 Genève"), ("supplier.uid", "CHE-109.322.551"), ("invoice.payment_terms_days", "20"));

        var approved = await Approver("anna").PostAsJsonAsync($"/api/payables/bills/{billId}/approve", new ApproveBillRequest(null));
        var bill = await Api.ClientWithToken().GetFromJsonAsync<BillDetailsResponse>($"/api/payables/bills/{billId}");
        var supplier = await Api.ClientWithToken().GetFromJsonAsync<Supplier>($"/api/payables/suppliers/{bill!.Bill.SupplierId}");
        await using var connection = await Data.OpenConnectionAsync();
        var recognised = await SupplierStore.RecogniseAsync(connection, null, Company, "CH9300762011623852957", null, default);

        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal(BillStatus.Validated, bill.Bill.Status);
        Assert.Equal(("Atelier Graphique Dubois Sàrl", "Rue du Lac", "12", "1204", "Genève", "CH"),
            (supplier!.Name, supplier.Street, supplier.BuildingNumber, supplier.PostalCode, supplier.Town, supplier.Country));
        Assert.Equal("CHE-109.322.551", supplier.Uid);
        Assert.Equal(20, supplier.PaymentTermsDays);
        Assert.Equal(8.1m, supplier.DefaultVatRate);
        Assert.Equal(["CH9300762011623852957"], supplier.Ibans);
        Assert.Equal(supplier.Id, recognised);
    }

    [Fact]
    public async Task Page_OfAPdfBill_IsAPngForTheReviewScreen_APageBeyondTheDocumentIsNotFound()
    {
        var billId = await PayablesSeed.ReviewBillAsync(Data, Company);
        var viewer = Api.ClientWithToken(Roles.Viewer, Company);

        var first = await viewer.GetAsync($"/api/payables/bills/{billId}/pages/1");
        var second = await viewer.GetAsync($"/api/payables/bills/{billId}/pages/2");
        var foreign = await Api.ClientWithToken(Roles.Viewer, "TAKEOUT").GetAsync($"/api/payables/bills/{billId}/pages/1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/png", first.Content.Headers.ContentType!.MediaType);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, (await first.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
    }

    [Fact]
    public async Task ApprovalFlow_NoAnswer_RemindsAfterTwoDaysEscalatesAfterThreeMore_ThenADecisionEndsIt()
    {
        var billId = await PayablesSeed.ReviewBillAsync(Data, Company, gross: 1250.40m);
        var engine = Api.Services.GetRequiredService<IFlowEngine>();
        await engine.StartAsync(new StartFlowRequest(PayableFlows.ApprovalId, new() { ["billId"] = billId.ToString() }, Company,
            billId.ToString(), InstanceId: PayableFlows.ApprovalInstanceId(billId)), default);
        await Api.DrainAsync();
        // The company's address is shared with other test classes (maildev is one server): count only this bill's mail.
        var number = (await Api.ClientWithToken().GetFromJsonAsync<BillDetailsResponse>($"/api/payables/bills/{billId}"))!.Bill.Number!;
        async Task<List<string>> SubjectsAsync() => [.. (await Mail.MessagesToAsync("finance@lexaia.ch"))
            .Select(m => m.GetProperty("subject").GetString()!).Where(s => s.Contains(number, StringComparison.Ordinal))];
        var before = (await SubjectsAsync()).Count;

        Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        await Api.DrainAsync();
        var afterReminder = await SubjectsAsync();
        Clock.Advance(TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
        await Api.DrainAsync();
        var afterEscalation = await SubjectsAsync();
        var decision = await Approver("anna").PostAsJsonAsync($"/api/payables/bills/{billId}/approve", new ApproveBillRequest(null));
        await Api.DrainAsync();

        Assert.Equal(0, before);
        Assert.Equal(before + 1, afterReminder.Count);
        Assert.Contains(afterReminder, s => s.StartsWith("Rappel : la facture fournisseur", StringComparison.Ordinal));
        Assert.Equal(before + 2, afterEscalation.Count);
        Assert.Contains(afterEscalation, s => s.StartsWith("Escalade : la facture fournisseur", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, decision.StatusCode);
        var instance = await Api.ClientWithToken().GetFromJsonAsync<FlowInstanceDetailsResponse>($"/api/flows/instances/{PayableFlows.ApprovalInstanceId(billId)}");
        Assert.Equal("completed", instance!.Instance.Status);
        Assert.Equal(BillStatus.Validated, (string?)instance.State!["output"]!["status"]);
    }
}
