using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Finance.Core.Reading.Extraction;
using Microsoft.Extensions.Options;

namespace Finance.Core.Reading.Azure;

/// <summary>
/// Azure AI Document Intelligence, model <c>prebuilt-invoice</c>, over REST (the SDK is not served, DESIGN.md §1):
/// POST <c>{endpoint}/documentintelligence/documentModels/{model}:analyze</c> answers 202 with an Operation-Location,
/// polled until <c>succeeded</c> or <c>failed</c>, waiting as long as its Retry-After says (REST API 2024-11-30,
/// "Analyze Document" and "Get Analyze Result"). Fields map to <see cref="BillFields"/> with Azure's own confidences,
/// then go through the same cross-checks as a local reading.
/// </summary>
public sealed class AzureBillReader(HttpClient http, IOptions<ReadingOptions> options, TimeProvider time) : IBillReader
{
    private const string KeyHeader = "Ocp-Apim-Subscription-Key";

    public async Task<BillReading> ReadAsync(ReadOnlyMemory<byte> content, InspectedDocument document, CancellationToken cancellationToken)
    {
        using var activity = ReadingDiagnostics.Start(document, "azure");
        var clock = Stopwatch.StartNew();
        var o = options.Value.Azure;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(o.Timeout);
        var operation = await StartAsync(content, o, timeout.Token);
        var result = await PollAsync(operation, o, timeout.Token);
        var reading = AzureInvoiceFields.Read(result, document.Pages);
        ReadingDiagnostics.Finish(activity, reading, clock.Elapsed);
        return reading;
    }

    private async Task<Uri> StartAsync(ReadOnlyMemory<byte> content, AzureReadingOptions o, CancellationToken cancellationToken)
    {
        var url = new Uri(o.Endpoint!, $"documentintelligence/documentModels/{Uri.EscapeDataString(o.ModelId)}:analyze?api-version={Uri.EscapeDataString(o.ApiVersion)}");
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { base64Source = Convert.ToBase64String(content.Span) }) };
            request.Headers.Add(KeyHeader, o.ApiKey);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await WaitAsync(response, o, cancellationToken);
                continue;
            }
            if (response.StatusCode != HttpStatusCode.Accepted || response.Headers.TryGetValues("Operation-Location", out var locations) is false)
                throw new ToolFailedAzureException($"Document Intelligence refused the analysis: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
            return new Uri(locations.First());
        }
    }

    private async Task<JsonElement> PollAsync(Uri operation, AzureReadingOptions o, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, operation);
            request.Headers.Add(KeyHeader, o.ApiKey);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                if (!response.IsSuccessStatusCode)
                    throw new ToolFailedAzureException($"Document Intelligence answered {(int)response.StatusCode} while polling.");
                var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                switch (body.GetProperty("status").GetString())
                {
                    case "succeeded": return body.GetProperty("analyzeResult");
                    case "failed" or "canceled":
                        throw new ToolFailedAzureException("Document Intelligence could not analyse the document: "
                            + (body.TryGetProperty("error", out var error) ? error.GetRawText() : "no reason given"));
                }
            }
            await WaitAsync(response, o, cancellationToken);
        }
    }

    private Task WaitAsync(HttpResponseMessage response, AzureReadingOptions o, CancellationToken cancellationToken)
    {
        var delay = response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => o.PollInterval,
        };
        return delay > TimeSpan.Zero ? Task.Delay(delay, time, cancellationToken) : Task.CompletedTask;
    }
}

/// <summary>Document Intelligence failed or refused; the reading cannot be completed by this engine.</summary>
public sealed class ToolFailedAzureException(string message) : Tools.ToolFailedException(message);

/// <summary>The <c>prebuilt-invoice</c> fields (documents[0].fields) as <see cref="BillFields"/>.</summary>
internal static class AzureInvoiceFields
{
    public static BillReading Read(JsonElement result, int pages)
    {
        var fields = new List<ReadField>();
        var notes = new List<string>();
        if (result.TryGetProperty("documents", out var documents) && documents.GetArrayLength() > 0 && documents[0].TryGetProperty("fields", out var f))
        {
            void Add(string name, string? value, JsonElement field)
            {
                if (string.IsNullOrWhiteSpace(value)) return;
                var confidence = field.TryGetProperty("confidence", out var c) ? c.GetDecimal() : 0.5m;
                int? page = field.TryGetProperty("boundingRegions", out var regions) && regions.GetArrayLength() > 0 ? regions[0].GetProperty("pageNumber").GetInt32() : null;
                fields.Add(new ReadField(name, value.Trim(), Math.Clamp(confidence, 0m, 1m), ReadSource.Azure, page));
            }
            foreach (var property in f.EnumerateObject())
            {
                var v = property.Value;
                switch (property.Name)
                {
                    case "VendorName": Add(BillFields.SupplierName, Text(v), v); break;
                    case "VendorAddress": Add(BillFields.SupplierAddress, Str(v, "content"), v); break;
                    case "VendorTaxId":
                        Add(BillFields.SupplierVatNumber, Text(v), v);
                        if (SwissUid.Find(Text(v) ?? "").FirstOrDefault() is { Uid: not null } uid) Add(BillFields.SupplierUid, uid.Uid, v);
                        break;
                    case "CustomerName": Add(BillFields.DebtorName, Text(v), v); break;
                    case "InvoiceId": Add(BillFields.InvoiceNumber, Text(v), v); break;
                    case "InvoiceDate": Add(BillFields.InvoiceDate, Str(v, "valueDate"), v); break;
                    case "DueDate": Add(BillFields.DueDate, Str(v, "valueDate"), v); break;
                    case "SubTotal": Add(BillFields.NetAmount, Money(v), v); break;
                    case "TotalTax": Add(BillFields.VatAmount, Money(v), v); break;
                    case "InvoiceTotal":
                        Add(BillFields.GrossAmount, Money(v), v);
                        if (v.TryGetProperty("valueCurrency", out var currency) && currency.TryGetProperty("currencyCode", out var code)) Add(BillFields.Currency, code.GetString(), v);
                        break;
                    case "PaymentDetails" when v.TryGetProperty("valueArray", out var details) && details.GetArrayLength() > 0
                        && details[0].TryGetProperty("valueObject", out var detail) && detail.TryGetProperty("IBAN", out var iban):
                        Add(BillFields.Iban, Text(iban)?.Replace(" ", "", StringComparison.Ordinal), iban);
                        break;
                }
            }
        }
        else notes.Add("Document Intelligence found no invoice in the document.");
        var pageCount = result.TryGetProperty("pages", out var p) ? p.GetArrayLength() : pages;
        return BillReadingBuilder.Build(fields, notes, pageCount, result.TryGetProperty("content", out var content) ? content.GetString() : null);
    }

    private static string? Text(JsonElement field) => Str(field, "valueString") ?? Str(field, "content");

    private static string? Str(JsonElement field, string name) => field.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Money(JsonElement field) =>
        field.TryGetProperty("valueCurrency", out var c) && c.TryGetProperty("amount", out var a) ? a.GetDecimal().ToString("0.00", CultureInfo.InvariantCulture) : null;
}
