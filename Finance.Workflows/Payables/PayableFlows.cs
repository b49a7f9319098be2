using Finance.Workflows.Builder;
using Finance.Workflows.Model;

namespace Finance.Workflows.Payables;

/// <summary>
/// The supplier-bill flows, versioned definitions an admin edits in the designer (the review and escalation days live here).
/// </summary>
public static class PayableFlows
{
    public const string ProcessId = "payable.process";
    public const string ApprovalId = "payable.approval";

    /// <summary>The signal the API sends to a bill's approval when someone approves or rejects it.</summary>
    public const string DecidedSignal = "bill.decided";

    /// <summary>One approval per bill, under an id the API can compute to signal it on both engines.</summary>
    public static string ApprovalInstanceId(Guid billId) => $"payable-approval-{billId}";

    public static string ProcessInstanceId(Guid billId) => $"payable-process-{billId}";

    /// <summary>
    /// Read the bill → a duplicate ends here; sure enough (confidence above the company's threshold, known supplier, amount
    /// under its auto limit) → validated and scheduled; otherwise tell the reviewers and start the approval.
    /// </summary>
    public static FlowDefinition Process() => Flow.Define(ProcessId, "Process a supplier bill")
        .Description("Reads an uploaded bill, validates it by itself when it is sure, otherwise routes it to approval.")
        .Input("billId")
        .Activity("read", "payable.read", a => a.Input("billId", "input.billId").Output("read"))
        .If("is-duplicate", "vars.read.status === 'duplicate'", then => then.Complete("duplicate", "'duplicate'"))
        .If("is-sure", "vars.read.autoValidated", then => then
            .Activity("validate", "payable.validate", a => a.Input("billId", "input.billId").Output("validated"))
            .Complete("validated", "({ status: vars.validated.status, auto: true })"))
        .Activity("notify-reviewers", "payable.notify", a => a.Input("billId", "input.billId").Input("level", "'review'"))
        .StartFlow("approval", ApprovalId, f => f.Input("billId", "input.billId").InstanceId("'payable-approval-' + input.billId"))
        .Complete("review", "({ status: 'review', auto: false })")
        .Build();

    /// <summary>
    /// Waits for a decision: no answer in 2 days → a reminder to the reviewers; 3 more days → escalation to the admins.
    /// A bill above the four-eyes limit stays open after its first approval: the flow then waits for the second approver
    /// (2 days, then escalation). Every wake-up reads the bill first, so a lost signal only delays, never blocks.
    /// </summary>
    public static FlowDefinition Approval() => Flow.Define(ApprovalId, "Approve a supplier bill")
        .Description("Waits for approvers with a reminder and an escalation; four eyes above the company's limit. Edit the days here.")
        .Input("billId")
        .Wait("decision", DecidedSignal, TimeSpan.FromDays(2), onTimeout: late => late
            .Activity("check-late", "payable.check-decision", a => a.Input("billId", "input.billId").Output("late"))
            .If("still-open", "vars.late.open", then => then
                .Activity("remind", "payable.notify", a => a.Input("billId", "input.billId").Input("level", "'reminder'"))
                .Wait("decision-after-reminder", DecidedSignal, TimeSpan.FromDays(3), onTimeout: later => later
                    .Activity("check-later", "payable.check-decision", a => a.Input("billId", "input.billId").Output("later"))
                    .If("still-open-later", "vars.later.open", then2 => then2
                        .Activity("escalate", "payable.notify", a => a.Input("billId", "input.billId").Input("level", "'escalation'"))
                        .Wait("decision-after-escalation", DecidedSignal, TimeSpan.FromDays(30),
                            onTimeout: lost => lost.Fail("unanswered", "'No decision 30 days after the escalation.'"))))))
        .Activity("check", "payable.check-decision", a => a.Input("billId", "input.billId").Output("first"))
        .If("second-approver", "vars.first.open", then => then
            .Wait("second-decision", DecidedSignal, TimeSpan.FromDays(2), onTimeout: late => late
                .Activity("check-second-late", "payable.check-decision", a => a.Input("billId", "input.billId").Output("secondLate"))
                .If("second-still-open", "vars.secondLate.open", then2 => then2
                    .Activity("escalate-second", "payable.notify", a => a.Input("billId", "input.billId").Input("level", "'escalation'"))
                    .Wait("second-after-escalation", DecidedSignal, TimeSpan.FromDays(30),
                        onTimeout: lost => lost.Fail("second-unanswered", "'No second approval 30 days after the escalation.'")))))
        .Activity("final", "payable.check-decision", a => a.Input("billId", "input.billId").Output("final"))
        .Complete("decided", "({ status: vars.final.status, approvals: vars.final.approvals })")
        .Build();
}
