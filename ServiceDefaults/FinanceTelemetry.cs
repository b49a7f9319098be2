namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The names of the activity source and meter Finance's own code reports to (Finance.Core's FinanceDiagnostics
/// creates them; ServiceDefaults only listens, so it stays free of the business assemblies).
/// </summary>
public static class FinanceTelemetry
{
    public const string ActivitySourceName = "Finance";
    public const string MeterName = "Finance";
}
