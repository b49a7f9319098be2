using System.Diagnostics;
using Finance.Core.Reading;
using Finance.Core.Reading.Azure;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Finance.Tests.Reading;

/// <summary>The Azure adapter against WireMock answering as the Document Intelligence REST API 2024-11-30 documents it:
/// 202 + Operation-Location, polls that answer "running" with Retry-After, then the prebuilt-invoice result.</summary>
public sealed class AzureBillReaderTests : IDisposable
{
    private const string Key = "test-key-4f1c2a";
    private const string Analyze = "/documentintelligence/documentModels/prebuilt-invoice:analyze";
    private const string Result = "/documentintelligence/documentModels/prebuilt-invoice/analyzeResults/3b8f7c0e";
    private readonly WireMockServer _server = WireMockServer.Start();

    private static readonly InspectedDocument Document = new(DocumentKind.Pdf, "application/pdf", 1, new string('0', 64));

    [Fact]
    public async Task ReadAsync_PollsUntilSucceeded_MapsInvoiceFieldsWithAzureConfidences()
    {
        _server.Given(Request.Create().WithPath(Analyze).WithParam("api-version", "2024-11-30").WithHeader("Ocp-Apim-Subscription-Key", Key)
                .WithBody(b => b is not null && b.Contains("\"base64Source\":\"JVBERi0=\"", StringComparison.Ordinal)).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("Operation-Location", _server.Url + Result + "?api-version=2024-11-30"));
        _server.Given(Request.Create().WithPath(Result).WithHeader("Ocp-Apim-Subscription-Key", Key).UsingGet()).InScenario("poll").WillSetStateTo("second")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Retry-After", "1").WithBody("""{"status":"running","createdDateTime":"2026-12-02T06:00:00Z"}"""));
        _server.Given(Request.Create().WithPath(Result).UsingGet()).InScenario("poll").WhenStateIs("second")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(Succeeded));

        var clock = Stopwatch.StartNew();
        var reading = await Reader().ReadAsync("%PDF-"u8.ToArray(), Document, CancellationToken.None);

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), "Retry-After: 1 was not honoured");
        Assert.Equal(("Muster Treuhand AG", 0.93m, ReadSource.Azure, (int?)1), Tuple(reading[BillFields.SupplierName]));
        Assert.Equal("CHE-123.456.788 MWST", reading.Value(BillFields.SupplierVatNumber));
        Assert.Equal("CHE-123.456.788", reading.Value(BillFields.SupplierUid));
        Assert.Equal("R-2024-117", reading.Value(BillFields.InvoiceNumber));
        Assert.Equal("2024-11-04", reading.Value(BillFields.InvoiceDate));
        Assert.Equal("2024-12-04", reading.Value(BillFields.DueDate));
        Assert.Equal(("1000.00", "81.00", "1081.00", "CHF"), (reading.Value(BillFields.NetAmount), reading.Value(BillFields.VatAmount), reading.Value(BillFields.GrossAmount), reading.Value(BillFields.Currency)));
        Assert.Equal("CH5800791123000889012", reading.Value(BillFields.Iban));
        Assert.Equal("Kunde GmbH", reading.Value(BillFields.DebtorName));
        Assert.Contains("net + VAT = gross (1000.00 + 81.00 = 1081.00).", reading.Notes);
        Assert.Contains("IBAN check digits are valid.", reading.Notes);
        // The cross-check raises the confidences of amounts that add up: 0.9 → 0.95.
        Assert.Equal(0.95m, reading[BillFields.NetAmount]!.Confidence);
        Assert.Equal(0.91m, reading.Confidence);
        Assert.Equal(1, reading.Pages);
        Assert.StartsWith("Muster Treuhand AG", reading.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_AnalysisFailed_Throws()
    {
        _server.Given(Request.Create().WithPath(Analyze).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("Operation-Location", _server.Url + Result));
        _server.Given(Request.Create().WithPath(Result).UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("""{"status":"failed","error":{"code":"InvalidContent","message":"The file is corrupted or format is unsupported."}}"""));
        var e = await Assert.ThrowsAsync<ToolFailedAzureException>(() => Reader().ReadAsync("%PDF-"u8.ToArray(), Document, CancellationToken.None));
        Assert.Contains("InvalidContent", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Throttled_WaitsRetryAfterThenStarts()
    {
        _server.Given(Request.Create().WithPath(Analyze).UsingPost()).InScenario("throttle").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1"));
        _server.Given(Request.Create().WithPath(Analyze).UsingPost()).InScenario("throttle").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("Operation-Location", _server.Url + Result));
        _server.Given(Request.Create().WithPath(Result).UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithBody(Succeeded));
        var reading = await Reader().ReadAsync("%PDF-"u8.ToArray(), Document, CancellationToken.None);
        Assert.Equal("R-2024-117", reading.Value(BillFields.InvoiceNumber));
        Assert.Equal(2, _server.LogEntries.Count(l => l.RequestMessage.Path == Analyze));
    }

    private AzureBillReader Reader() => new(new HttpClient(), Options.Create(new ReadingOptions
    {
        Engine = ReadingEngine.Azure,
        Azure = new AzureReadingOptions { Endpoint = new Uri(_server.Url! + "/"), ApiKey = Key, PollInterval = TimeSpan.Zero },
    }), TimeProvider.System);

    private static (string?, decimal?, ReadSource?, int?) Tuple(ReadField? f) => (f?.Value, f?.Confidence, f?.Source, f?.Page);

    public void Dispose() => _server.Stop();

    // The documented shape of a prebuilt-invoice result (analyzeResult.documents[0].fields), trimmed to what is read.
    private const string Succeeded = """
        {"status":"succeeded","createdDateTime":"2026-12-02T06:00:00Z","lastUpdatedDateTime":"2026-12-02T06:00:03Z",
         "analyzeResult":{"apiVersion":"2024-11-30","modelId":"prebuilt-invoice","stringIndexType":"textElements",
          "content":"Muster Treuhand AG\nRechnung R-2024-117\n...","pages":[{"pageNumber":1,"angle":0,"width":8.2639,"height":11.6944,"unit":"inch"}],
          "documents":[{"docType":"invoice","confidence":1,"fields":{
            "VendorName":{"type":"string","valueString":"Muster Treuhand AG","content":"Muster Treuhand AG","confidence":0.93,
              "boundingRegions":[{"pageNumber":1,"polygon":[1,1,3,1,3,1.2,1,1.2]}]},
            "VendorAddress":{"type":"address","content":"Bahnhofstrasse 1, 8001 Zürich","valueAddress":{"streetAddress":"Bahnhofstrasse 1","postalCode":"8001","city":"Zürich"},"confidence":0.88},
            "VendorTaxId":{"type":"string","valueString":"CHE-123.456.788 MWST","content":"CHE-123.456.788 MWST","confidence":0.9},
            "CustomerName":{"type":"string","valueString":"Kunde GmbH","content":"Kunde GmbH","confidence":0.92},
            "InvoiceId":{"type":"string","valueString":"R-2024-117","content":"R-2024-117","confidence":0.96},
            "InvoiceDate":{"type":"date","valueDate":"2024-11-04","content":"04.11.2024","confidence":0.97},
            "DueDate":{"type":"date","valueDate":"2024-12-04","content":"04.12.2024","confidence":0.95},
            "SubTotal":{"type":"currency","valueCurrency":{"currencySymbol":"CHF","amount":1000,"currencyCode":"CHF"},"content":"1'000.00","confidence":0.9},
            "TotalTax":{"type":"currency","valueCurrency":{"currencySymbol":"CHF","amount":81,"currencyCode":"CHF"},"content":"81.00","confidence":0.9},
            "InvoiceTotal":{"type":"currency","valueCurrency":{"currencySymbol":"CHF","amount":1081,"currencyCode":"CHF"},"content":"CHF 1'081.00","confidence":0.91},
            "PaymentDetails":{"type":"array","valueArray":[{"type":"object","valueObject":{
              "IBAN":{"type":"string","valueString":"CH58 0079 1123 0008 8901 2","content":"CH58 0079 1123 0008 8901 2","confidence":0.94}}}]}}}]}}
        """;
}
