using System.Diagnostics;
using System.Diagnostics.Metrics;
using Finance.Core.Diagnostics;
using Finance.Core.Documents;
using Finance.Core.Reading;
using Finance.Core.Reading.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Finance.Tests.Reading;

public class ReadingRegistrationTests
{
    [Fact]
    public void AddFinanceReading_DefaultEngine_LocalReader()
    {
        using var host = Build([]);
        Assert.IsType<LocalBillReader>(host.Services.GetRequiredService<IBillReader>());
        Assert.NotNull(host.Services.GetRequiredService<DocumentInspector>());
    }

    [Fact]
    public void AddFinanceReading_AzureEngine_AzureReader()
    {
        using var host = Build(new() { ["Reading:Engine"] = "Azure", ["Reading:Azure:Endpoint"] = "https://finance.cognitiveservices.azure.com/", ["Reading:Azure:ApiKey"] = "9c1e7d2a5b" });
        Assert.IsType<AzureBillReader>(host.Services.GetRequiredService<IBillReader>());
    }

    [Theory]
    [InlineData(null, "Reading:Azure:ApiKey is required")]
    [InlineData("changeme", "is a sample value")]
    public async Task AddFinanceReading_AzureWithoutRealKey_FailsOnStart(string? key, string message)
    {
        var settings = new Dictionary<string, string?> { ["Reading:Engine"] = "Azure", ["Reading:Azure:Endpoint"] = "https://finance.cognitiveservices.azure.com/", ["Reading:Azure:ApiKey"] = key };
        using var host = Build(settings);
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddFinanceReading_MaxBytesOutOfRange_FailsOnStart()
    {
        using var host = Build(new() { ["Reading:MaxBytes"] = "0" });
        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }

    [Fact]
    public async Task ReadAsync_EmitsSpanAndSecondsPerPage()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == FinanceDiagnostics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.OperationName == "reading.read") lock (spans) spans.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        var measurements = new List<(double Value, string? Source)>();
        using var meters = new MeterListener();
        meters.InstrumentPublished = (i, l) => { if (i.Name == "finance.reading.page_duration") l.EnableMeasurementEvents(i); };
        meters.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            lock (measurements) measurements.Add((value, tags.ToArray().FirstOrDefault(t => t.Key == "reading.source").Value as string));
        });
        meters.Start();

        var pdf = InvoicePdfRenderer.Render(Documents.InvoiceSamples.Create(2, "en") with { QrBill = null });
        var reading = await Reading.ReadAsync(pdf);

        var span = Assert.Single(spans, s => (int?)s.GetTagItem("reading.pages") == 1 && (string?)s.GetTagItem("reading.source") == "TextLayer");
        Assert.Equal((double)reading.Confidence, (double)span.GetTagItem("reading.confidence")!);
        Assert.Contains(measurements, m => m.Source == "TextLayer" && m.Value > 0);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddFinanceReading();
        return builder.Build();
    }
}
