using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Finance.Core.Diagnostics;

/// <summary>
/// The activity source and meter Finance's own code reports to ("Finance": ServiceDefaults listens to it). Spans carry
/// what an operator filters by (flow, instance, step, queue, company); metrics carry only bounded tags (flow, queue,
/// activity, template), never an id.
/// </summary>
public static class FinanceDiagnostics
{
    public const string Name = "Finance";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    public static readonly Counter<long> EmailsSent = Meter.CreateCounter<long>("finance.emails.sent", "{email}",
        "E-mails handed to the SMTP server (a repeat under the same idempotency key is not counted).");

    public static readonly Counter<long> InvoicesIssued = Meter.CreateCounter<long>("finance.invoices.issued", "{invoice}",
        "Invoices that left draft and got their number.");

    public static readonly Histogram<double> OutboxLag = Meter.CreateHistogram<double>("finance.outbox.lag", "s",
        "From an event's commit to its publication on the Redis stream.");

    /// <summary>The W3C <c>traceparent</c> of the current span, stored beside work that another process picks up later.</summary>
    public static string? CurrentTraceParent => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The span context a stored <c>traceparent</c> names; default (no parent) when there is none or it is malformed.</summary>
    public static ActivityContext ParentFrom(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, isRemote: true, out var context) ? context : default;
}
