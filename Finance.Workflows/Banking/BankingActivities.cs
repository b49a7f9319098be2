using System.Text.Json.Nodes;
using Finance.Core.Banking.Sync;
using Finance.Core.Companies;
using Finance.Core.Integrations.Revolut;
using Finance.Core.Reconciliation;
using Finance.Workflows.Activities;

namespace Finance.Workflows.Banking;

/// <summary>
/// <c>banking.reconcile</c>: reconciles the instance's company (a scheduled run without one: every company, one after
/// the other): sure matches booked, the rest to the review queue.
/// </summary>
public sealed class ReconcileActivity(ReconciliationRunner runner, CompanyStore companies) : DomainActivity
{
    public override string Name => "banking.reconcile";

    public override string Queue => "reconciliation";

    protected override string Description => "Matches waiting bank transactions to open invoices and bills; books the sure ones, queues the rest for review.";

    protected override ActivitySchema Input => ActivitySchema.Properties();

    protected override JsonObject Output => ActivitySchema.Output(("companies", ActivitySchema.WholeNumber()), ("autoConfirmed", ActivitySchema.WholeNumber()),
        ("review", ActivitySchema.WholeNumber()), ("unmatched", ActivitySchema.WholeNumber()));

    protected override async Task<JsonNode?> RunAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        IEnumerable<string> codes = context.Company is { } one ? [one] : (await companies.ListAsync(null, cancellationToken)).Select(c => c.Code);
        var runs = new List<ReconciliationRunResult>();
        foreach (var code in codes) runs.Add(await runner.RunAsync(code, cancellationToken));
        return new JsonObject
        {
            ["companies"] = runs.Count, ["autoConfirmed"] = runs.Sum(r => r.AutoConfirmed), ["review"] = runs.Sum(r => r.Suggested),
            ["unmatched"] = runs.Sum(r => r.Unmatched),
        };
    }
}

/// <summary>
/// <c>banking.sync</c>: pulls the instance's company (scheduled: every company with a connection) from its source:
/// <c>revolut</c> (bank transactions), <c>invoice_ninja</c> (clients and invoices in, payments out) or <c>all</c> (both).
/// A failed pull is recorded and announced (<c>sync.completed</c> with errors); a rate limit is retried by the engine.
/// </summary>
public sealed class SyncActivity(RevolutSync revolut, NinjaSync ninja, CompanyStore companies) : DomainActivity
{
    public static readonly string[] Sources = [RevolutSync.Source, NinjaSync.Source, "all"];

    public override string Name => "banking.sync";

    public override string Queue => "sync";

    protected override string Description =>
        "Pulls bank transactions from Revolut Business and/or syncs Invoice Ninja (clients and invoices in, payments out); source revolut, invoice_ninja or all.";

    protected override ActivitySchema Input => ActivitySchema.Properties()
        .Required("source", ActivitySchema.Enum(Sources), "Which connection to sync.");

    protected override JsonObject Output => ActivitySchema.Output(("synced", ActivitySchema.WholeNumber()), ("errors", ActivitySchema.WholeNumber()));

    protected override async Task<JsonNode?> RunAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var source = (string?)context.Input["source"] ?? "all";
        if (!Sources.Contains(source)) throw new ArgumentException("source must be revolut, invoice_ninja or all.");
        IEnumerable<string> codes = context.Company is { } one ? [one] : (await companies.ListAsync(null, cancellationToken)).Select(c => c.Code);
        int synced = 0, errors = 0;
        foreach (var code in codes)
        {
            var results = new List<SyncResult>();
            if (source is RevolutSync.Source or "all") results.Add(await RevolutAsync(code, cancellationToken));
            if (source is NinjaSync.Source or "all") results.Add(await ninja.SyncAsync(code, cancellationToken));
            synced += results.Sum(r => r.Synced);
            errors += results.Sum(r => r.Errors);
        }
        return new JsonObject { ["synced"] = synced, ["errors"] = errors };
    }

    private async Task<SyncResult> RevolutAsync(string code, CancellationToken cancellationToken)
    {
        try
        {
            return await revolut.SyncAsync(code, cancellationToken);
        }
        catch (RevolutApiException e) when (e is not RevolutRateLimitedException)
        {
            return await revolut.FailedAsync(code, e, cancellationToken);
        }
    }
}
