using Finance.Workflows.Schedules;
using Finance.Workflows.Builder;
using Finance.Workflows.Model;

namespace Finance.Workflows.Invoicing;

/// <summary>
/// The invoicing flows (C# builder → the same JSON the designer edits). The dunning flow's delays, templates and fees
/// are plain values in its steps: admins change them by publishing a new version; running instances keep theirs.
/// </summary>
public static class InvoiceFlows
{
    public const string CreateAndSendId = "invoice.create-and-send";
    public const string DunningId = "invoice.dunning";
    public const string MarkPaidId = "invoice.mark-paid";

    /// <summary>The instance id of a payment's follow-ups: one per payment, so a repeated relay starts nothing new.</summary>
    public static string MarkPaidInstanceId(Guid paymentId) => $"invoice-payment-{paymentId:N}";
    public const string OverdueCheckId = "invoice.overdue-check";
    public const string PaidSignal = "invoice.paid";

    private const int DayMs = 86_400_000;

    /// <summary>One dunning per invoice, under an id any flow can compute (the signal from mark-paid finds it on both engines).</summary>
    private const string DunningInstanceExpression = "'invoice-dunning-' + input.invoiceId";

    /// <summary>Issue (if still a draft) → render PDF and e-mail it → start the dunning of the invoice.</summary>
    public static FlowDefinition CreateAndSend() => Flow.Define(CreateAndSendId, "Create and send an invoice")
        .Description("Issues the invoice, e-mails it with its QR-bill PDF, then starts its dunning.")
        .Input("invoiceId")
        .Activity("issue", "invoice.issue", a => a.Input("invoiceId", "input.invoiceId").Output("issued"))
        .Activity("send", "invoice.send", a => a.Input("invoiceId", "input.invoiceId").Output("sent"))
        .StartFlow("dunning", DunningId, f => f
            .Input("invoiceId", "input.invoiceId").Input("dueDate", "vars.issued.dueDate").InstanceId(DunningInstanceExpression))
        .Complete("done", "({ number: vars.sent.number, messageId: vars.sent.messageId })")
        .Build();

    /// <summary>
    /// Waits for payment until 10 days after the due date; then reminder 1 (friendly, no fee), 14 days, reminder 2
    /// (fee 20), 14 days, reminder 3 (formal notice, fee 50, alert). The <c>invoice.paid</c> signal ends it at any point.
    /// </summary>
    public static FlowDefinition Dunning() => Flow.Define(DunningId, "Dunning (reminders in three levels)")
        .Description("Reminders until the invoice is paid. Edit the delays, fees and levels here; a payment signal ends it.")
        .Input("invoiceId", "dueDate")
        .WaitUntil("await-payment", PaidSignal, $"new Date(new Date(input.dueDate + 'T08:00:00Z').getTime() + 10 * {DayMs}).toISOString()",
            onTimeout: level1 => level1
                .Activity("reminder-1", "invoice.send-reminder", a => Reminder(a, 1, "0"))
                .Wait("await-payment-1", PaidSignal, TimeSpan.FromDays(14), onTimeout: level2 => level2
                    .Activity("reminder-2", "invoice.send-reminder", a => Reminder(a, 2, "20"))
                    .Wait("await-payment-2", PaidSignal, TimeSpan.FromDays(14), onTimeout: level3 => level3
                        .Activity("reminder-3", "invoice.send-reminder", a => Reminder(a, 3, "50"))
                        .Complete("escalated", "'escalated'"))))
        .Complete("paid", "'paid'")
        .Build();

    /// <summary>Record the payment → if the invoice is paid in full, end its dunning → tell the finance team.</summary>
    public static FlowDefinition MarkPaid() => Flow.Define(MarkPaidId, "Mark an invoice paid")
        .Description("Records a payment (or takes one the API recorded), ends the dunning when fully paid, notifies finance.")
        .Input("invoiceId", "paymentId", "amount", "currency", "date", "reference")
        .Activity("record", "invoice.record-payment", a => a
            .Input("invoiceId", "input.invoiceId").Input("paymentId", "input.paymentId").Input("amount", "input.amount")
            .Input("currency", "input.currency").Input("date", "input.date").Input("reference", "input.reference")
            .Output("payment"))
        .If("fully-paid", "vars.payment.fullyPaid", then => then
            .Activity("end-dunning", "flow.signal", a => a
                .Input("instanceId", DunningInstanceExpression).Input("signal", $"'{PaidSignal}'")
                .Input("payload", "({ invoiceId: input.invoiceId })")))
        .Activity("notify", "invoice.notify-payment", a => a.Input("invoiceId", "input.invoiceId"))
        .Complete("done", "({ status: vars.payment.status, openAmount: vars.payment.openAmount })")
        .Build();

    /// <summary>The daily overdue check (schedule <see cref="OverdueCheckSchedule"/>).</summary>
    public static FlowDefinition OverdueCheck() => Flow.Define(OverdueCheckId, "Overdue check")
        .Activity("check", "invoice.overdue-check", a => a.Output("result"))
        .Complete("done", "vars.result")
        .Build();

    /// <summary>Daily at 09:00 Europe/Zurich (DESIGN.md §3).</summary>
    public static FlowSchedule OverdueCheckSchedule() => new(OverdueCheckId, OverdueCheckId, "0 9 * * *");

    private static void Reminder(ActivityStepBuilder a, int level, string fee) => a
        .Input("invoiceId", "input.invoiceId").Input("level", $"{level}").Input("template", $"'reminder-{level}'")
        .Input("fee", fee).Input("payWithinDays", "10")
        .Output($"reminder{level}");
}
