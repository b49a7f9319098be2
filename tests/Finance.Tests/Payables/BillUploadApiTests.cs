using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Api.Flows;
using Finance.Api.Payables;
using Finance.Core.Documents;
using Finance.Core.Payables;
using Finance.Tests.Api.Flows;
using Finance.Tests.Documents;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using Finance.Workflows.Payables;

namespace Finance.Tests.Payables;

/// <summary>
/// Upload → read → decide, through the API and the engine with real PostgreSQL, the real reader (QR-bill with ZXing.Net,
/// PdfPig text layer) and maildev: an unknown supplier goes to review and its approval; a known one under the limit validates
/// itself and is scheduled; the same bytes twice make a duplicate that nothing processes; refused input stores nothing.
/// </summary>
public sealed class BillUploadApiTests(DatabaseFixture database) : MailingApiTests(database)
{
    private const string Company = "LEXAIA";

    private HttpClient Bookkeeper => Api.CreateClientWithToken(Roles.Accountant, "dora", Company, "TAKEOUT");

    private static byte[] SupplierInvoicePdf(int sample) => InvoicePdfRenderer.Render(InvoiceSamples.Create(sample, "de"));

    private async Task<BillResponse> UploadAsync(byte[] pdf, string company = Company)
    {
        var response = await Bookkeeper.PostAsync("/api/payables/documents", PayablesSeed.UploadForm(company, pdf));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<BillResponse>())!;
    }

    private async Task<BillDetailsResponse> DetailsAsync(Guid id) =>
        (await Bookkeeper.GetFromJsonAsync<BillDetailsResponse>($"/api/payables/bills/{id}"))!;

    [Fact]
    public async Task Upload_QrBillOfAnUnknownSupplier_ReadExactlyThenReviewAndApprovalStarted()
    {
        // TAKEOUT knows no supplier (the other tests create theirs for LEXAIA).
        var uploaded = await UploadAsync(SupplierInvoicePdf(6), "TAKEOUT");
        await Api.DrainAsync();

        var details = await DetailsAsync(uploaded.Id);
        Assert.Equal(BillStatus.Received, uploaded.Status);
        Assert.Equal(BillStatus.Review, details.Bill.Status);
        Assert.False(string.IsNullOrEmpty(details.Bill.ReviewReason), "a review says why");
        Assert.Null(details.Bill.SupplierId);
        var iban = Assert.Single(details.Fields, f => f.Name == "payment.iban");
        Assert.Equal((1m, "qr_bill"), (iban.Confidence, iban.Source));
        Assert.Equal(details.Bill.Iban, iban.Value);
        Assert.NotNull(details.Bill.GrossAmount);
        Assert.Equal(1, await Database.DataSource.CountAsync(
            "SELECT count(*) FROM outbox WHERE type = 'ocr.processed' AND payload->>'extraction_id' = @id AND payload->>'auto_validated' = 'false'",
            new { id = uploaded.Id.ToString() }));
        var approval = await Api.ClientWithToken().GetFromJsonAsync<FlowInstanceDetailsResponse>($"/api/flows/instances/{PayableFlows.ApprovalInstanceId(uploaded.Id)}");
        Assert.Equal("waiting", approval!.Instance.Status);
        Assert.Contains(await Mail.MessagesToAsync("finance@takeout.ch"), m => m.GetProperty("subject").GetString()!.Contains(uploaded.Id.ToString(), StringComparison.Ordinal)
            || m.GetProperty("text").GetString()!.Contains(uploaded.Id.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Upload_KnownSupplierUnderTheLimit_ValidatesItselfAndIsScheduled()
    {
        var first = await UploadAsync(SupplierInvoicePdf(7));
        await Api.DrainAsync();
        var read = await DetailsAsync(first.Id);
        var created = await Bookkeeper.PostAsJsonAsync("/api/payables/suppliers", new SupplierRequest(Company, "Hypervisual Sàrl", null, null, null,
            "Lausanne", "CH", null, null, null, 30, [read.Bill.Iban!]));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var second = await UploadAsync(SupplierInvoicePdf(8));
        await Api.DrainAsync();

        var details = await DetailsAsync(second.Id);
        Assert.True(details.Bill.Confidence > 0.90m,
            $"confidence {details.Bill.Confidence}: {string.Join("; ", details.Fields.Select(f => $"{f.Name}={f.Value} {f.Confidence} {f.Source}"))}");
        Assert.Equal((BillStatus.Validated, true), (details.Bill.Status, details.Bill.AutoValidated));
        Assert.NotNull(details.Bill.SupplierId);
        Assert.NotNull(details.Bill.ScheduledFor);
        Assert.Equal(1, await Database.DataSource.CountAsync(
            "SELECT count(*) FROM outbox WHERE type = 'ocr.processed' AND payload->>'extraction_id' = @id AND payload->>'auto_validated' = 'true'",
            new { id = second.Id.ToString() }));
    }

    [Fact]
    public async Task Upload_SameBytesTwice_SecondIsADuplicateThatNothingProcesses()
    {
        var pdf = SupplierInvoicePdf(9);
        var first = await UploadAsync(pdf);
        var second = await UploadAsync(pdf);
        await Api.DrainAsync();

        Assert.Equal((BillStatus.Duplicate, first.Id), (second.Status, second.DuplicateOf));
        Assert.Equal(first.DocumentId, second.DocumentId);
        Assert.Equal(1, await Database.DataSource.CountAsync("SELECT count(*) FROM payable_documents WHERE id = @id", new { id = first.DocumentId }));
        Assert.Equal(0, await Database.DataSource.CountAsync("SELECT count(*) FROM flow_instances WHERE correlation_id = @id", new { id = second.Id.ToString() }));
        Assert.Equal(BillStatus.Duplicate, (await DetailsAsync(second.Id)).Bill.Status);
    }

    [Fact]
    public async Task Upload_RefusedInput_ProblemAndNothingStored()
    {
        var before = await Database.DataSource.CountAsync("SELECT count(*) FROM bills");

        var empty = await Bookkeeper.PostAsync("/api/payables/documents", PayablesSeed.UploadForm(Company, []));
        var text = await Bookkeeper.PostAsync("/api/payables/documents", PayablesSeed.UploadForm(Company, "just text, named .pdf"u8.ToArray()));
        var huge = await Bookkeeper.PostAsync("/api/payables/documents", PayablesSeed.UploadForm(Company, new byte[21 * 1024 * 1024]));
        var foreign = await Bookkeeper.PostAsync("/api/payables/documents", PayablesSeed.UploadForm("DAINAMICS", SupplierInvoicePdf(6)));
        var json = await Bookkeeper.PostAsJsonAsync("/api/payables/documents", new JsonObject { ["company"] = Company });

        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("application/problem+json", empty.Content.Headers.ContentType?.MediaType);
        Assert.True(text.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"{text.StatusCode}");
        Assert.Contains("document.unknown_type", await text.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(before, await Database.DataSource.CountAsync("SELECT count(*) FROM bills"));
    }
}
