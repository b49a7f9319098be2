using System.Diagnostics;
using System.Diagnostics.Metrics;
using Finance.Core.Diagnostics;

namespace Finance.Core.Reading;

/// <summary>Reading's span and metric on Finance's source and meter (<see cref="FinanceDiagnostics"/>): one
/// <c>reading.read</c> span per bill, seconds per page by source (a bounded tag).</summary>
internal static class ReadingDiagnostics
{
    public static readonly Histogram<double> SecondsPerPage = FinanceDiagnostics.Meter.CreateHistogram<double>("finance.reading.page_duration", "s",
        "Seconds spent reading one page of a supplier bill, by the source most of its fields came from.");

    public static Activity? Start(InspectedDocument document, string engine)
    {
        var activity = FinanceDiagnostics.Source.StartActivity("reading.read");
        activity?.SetTag("reading.engine", engine);
        activity?.SetTag("reading.kind", document.Kind.ToString());
        activity?.SetTag("reading.pages", document.Pages);
        return activity;
    }

    public static void Finish(Activity? activity, BillReading reading, TimeSpan elapsed)
    {
        var source = reading.MainSource?.ToString() ?? "none";
        activity?.SetTag("reading.source", source);
        activity?.SetTag("reading.pages", reading.Pages);
        activity?.SetTag("reading.confidence", (double)reading.Confidence);
        SecondsPerPage.Record(elapsed.TotalSeconds / Math.Max(1, reading.Pages), new KeyValuePair<string, object?>("reading.source", source));
    }
}
