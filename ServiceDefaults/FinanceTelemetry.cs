using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Microsoft.Extensions.Hosting;

/// <summary>The activity source and meter that Finance's own code reports to.</summary>
public static class FinanceTelemetry
{
    public const string ActivitySourceName = "Finance";
    public const string MeterName = "Finance";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    public static readonly Meter Meter = new(MeterName);
}
