using Finance.Workflows.Builder;
using Finance.Workflows.Model;
using Finance.Workflows.Schedules;

namespace Finance.Workflows.Banking;

/// <summary>
/// The banking flows and their schedules (DESIGN.md §3), Europe/Zurich: Revolut every 15 minutes, Invoice Ninja hourly at
/// :30 (half an hour from the reconciliation at :00, so a payment the reconciliation records goes out within the hour),
/// reconciliation hourly.
/// </summary>
public static class BankingFlows
{
    public const string SyncId = "sync";
    public const string ReconciliationId = "reconciliation";

    /// <summary>Pull, then reconcile what came in (the same company; a scheduled run covers every company).</summary>
    public static FlowDefinition Sync() => Flow.Define(SyncId, "Sync bank transactions")
        .Description("Pulls transactions from the bank connection, then reconciles them.")
        .Input("source")
        .Activity("pull", "banking.sync", a => a.Input("source", "input.source || 'all'").Output("pulled")
            .Retry(5, TimeSpan.FromSeconds(30), 2.0, TimeSpan.FromMinutes(10)))
        .StartFlow("reconcile", ReconciliationId, f => f.WaitForCompletion("reconciled"))
        .Complete("done", "({ synced: vars.pulled.synced, errors: vars.pulled.errors, reconciled: vars.reconciled })")
        .Build();

    public static FlowDefinition Reconciliation() => Flow.Define(ReconciliationId, "Reconcile bank transactions")
        .Description("Matches waiting bank transactions to open invoices and bills: sure matches are booked, the rest wait for review.")
        .Activity("match", "banking.reconcile", a => a.Output("result"))
        .Complete("done", "vars.result")
        .Build();

    public static FlowSchedule RevolutSchedule() => new("sync.revolut", SyncId, "*/15 * * * *", Input: new() { ["source"] = "revolut" });

    public static FlowSchedule InvoiceNinjaSchedule() => new("sync.invoice-ninja", SyncId, "30 * * * *", Input: new() { ["source"] = "invoice_ninja" });

    public static FlowSchedule ReconciliationSchedule() => new("reconciliation.hourly", ReconciliationId, "0 * * * *");
}
