using System.Globalization;
using System.Text.Json.Nodes;
using Finance.Core.Errors;
using Finance.Core.Notifications;
using Finance.Core.Payables;
using Finance.Core.Reading;
using Finance.Workflows.Activities;
using Finance.Workflows.Notifications;
using Npgsql;

namespace Finance.Workflows.Payables;

/// <summary><c>payable.validate</c>: validates a bill that validated itself and schedules its payment (due date minus lead days).</summary>
public sealed class ValidateBillActivity(NpgsqlDataSource dataSource, BillReview review) : PayableActivity
{
    public override string Name => "payable.validate";

    public override string Queue => "default";

    protected override string Description => "Validates a bill the reading found sure (auto-validation) and schedules its payment.";

    protected override async Task<JsonNode?> RunAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var bill = await review.ValidateAutomaticallyAsync(transaction, BillId(context), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ToVariables(bill);
    }
}

/// <summary><c>payable.check-decision</c>: where the bill stands now (<c>open</c> while nobody, or not enough approvers, decided).</summary>
public sealed class CheckBillDecisionActivity(BillStore bills) : PayableActivity
{
    public override string Name => "payable.check-decision";

    public override string Queue => "default";

    protected override string Description => "Reads the bill's status: open (still waiting for a decision or a second approver), validated or rejected.";

    protected override JsonObject Output => BillOutput(("approvals", ActivitySchema.WholeNumber()));

    protected override async Task<JsonNode?> RunAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var bill = await bills.FindAsync(BillId(context), cancellationToken) ?? throw new NotFoundException("No such bill.", "bill.not_found");
        var variables = ToVariables(bill);
        variables["approvals"] = bill.Approvals.Count(a => a.Decision == BillDecision.Approved);
        return variables;
    }
}

/// <summary>
/// <c>payable.notify</c>: input <c>billId</c> and <c>level</c> (<c>review</c> | <c>reminder</c> | <c>escalation</c>): tells the
/// company's approvers (escalation: its admins too) that a bill waits for them, through the notifications capability
/// (in-app, e-mail to the directory's recipients of those roles, webhooks), once per step; skips when the bill was decided
/// meanwhile.
/// </summary>
public sealed class NotifyBillReviewersActivity(BillStore bills, NotificationDispatcher notifications) : PayableActivity
{
    public override string Name => "payable.notify";

    public override string Queue => "notifications";

    protected override string Description => "Tells the company's approvers (review, reminder) or admins and approvers (escalation) that a bill waits for a decision.";

    protected override ActivitySchema Input => BillInput()
        .Required("level", ActivitySchema.Enum("review", "reminder", "escalation"), "Who is told: approvers (review, reminder) or admins too (escalation).");

    protected override JsonObject Output => BillOutput(("notified", ActivitySchema.WholeNumber()), ("notificationId", ActivitySchema.Text("uuid")));

    protected override async Task<JsonNode?> RunAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var level = (string?)context.Input["level"] ?? "review";
        if (level is not ("review" or "reminder" or "escalation")) throw new ArgumentException("level must be review, reminder or escalation.");
        var bill = await bills.FindAsync(BillId(context), cancellationToken) ?? throw new NotFoundException("No such bill.", "bill.not_found");
        var variables = ToVariables(bill);
        if (bill.Status != BillStatus.Review)
        {
            variables["notified"] = 0;
            return variables;
        }

        string[] roles = level == "escalation" ? [NotificationRoles.Admin, NotificationRoles.Approver] : [NotificationRoles.Approver];
        var result = await notifications.NotifyAsync(new NotificationRequest(context.IdempotencyKey, bill.CompanyCode, $"bill.{level}", roles,
            Data(bill), $"/api/payables/bills/{bill.Id}"), cancellationToken);
        variables["notified"] = result.Emailed;
        variables["notificationId"] = result.NotificationId.ToString();
        return variables;
    }

    private static JsonObject Data(Bill bill) => new()
    {
        ["billId"] = bill.Id.ToString(),
        ["supplier"] = bill.SupplierName ?? bill.Fields.FirstOrDefault(f => f.Name == BillFields.SupplierName)?.Value ?? "?",
        ["number"] = bill.Number ?? "?",
        ["currency"] = bill.Currency ?? "",
        ["amount"] = bill.GrossAmount?.ToString("N2", CultureInfo.GetCultureInfo("de-CH")) ?? "?",
        ["gross"] = bill.GrossAmount,
        ["due"] = bill.DueDate?.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) ?? "?",
        ["reason"] = bill.ReviewReason ?? "review required",
    };
}
