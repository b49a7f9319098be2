using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Finance.Core.Companies;
using Finance.Core.Errors;
using Finance.Core.Notifications.Email;
using Finance.Core.Payables;
using Finance.Workflows.Activities;
using Microsoft.Extensions.Options;
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

/// <summary>Who hears about bills waiting for review: reviewers per company, and the admins an unanswered review escalates to.</summary>
public sealed class PayableNotificationOptions
{
    public const string SectionName = "Payables:Notifications";

    /// <summary>Company code → e-mail addresses of its reviewers (approvers); empty: the company's own address.</summary>
    public Dictionary<string, string[]> Reviewers { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Company code → e-mail addresses an unanswered review escalates to; empty: the reviewers and the company's address.</summary>
    public Dictionary<string, string[]> Escalation { get; init; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// <c>payable.notify</c>: input <c>billId</c> and <c>level</c> (<c>review</c> | <c>reminder</c> | <c>escalation</c>): e-mails the
/// company's reviewers (escalation: its admins) that a bill waits for them, once per step and recipient; skips when the
/// bill was decided meanwhile.
/// </summary>
public sealed class NotifyBillReviewersActivity(BillStore bills, CompanyStore companies, EmailSender email,
    IOptions<PayableNotificationOptions> options) : PayableActivity
{
    public override string Name => "payable.notify";

    public override string Queue => "notifications";

    protected override string Description => "E-mails the company's reviewers (level review or reminder) or its admins (escalation) that a bill waits for a decision.";

    protected override ActivitySchema Input => BillInput()
        .Required("level", ActivitySchema.Enum("review", "reminder", "escalation"), "Who is told: reviewers (review, reminder) or admins (escalation).");

    protected override JsonObject Output => BillOutput(("notified", ActivitySchema.WholeNumber()));

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

        var company = await companies.FindAsync(bill.CompanyCode, cancellationToken) ?? throw new NotFoundException("No such company.", "company.not_found");
        var recipients = Recipients(level, company);
        foreach (var to in recipients)
        {
            await email.SendAsync(new EmailMessage($"{context.IdempotencyKey}:{to}", company.Code, new EmailAddress(to),
                Subject(level, bill), Body(level, bill, company), []), cancellationToken);
        }
        variables["notified"] = recipients.Count;
        return variables;
    }

    private List<string> Recipients(string level, Company company)
    {
        var reviewers = options.Value.Reviewers.GetValueOrDefault(company.Code) ?? [];
        var admins = options.Value.Escalation.GetValueOrDefault(company.Code) ?? [];
        IEnumerable<string> list = level == "escalation" ? [.. admins, .. reviewers] : reviewers;
        var distinct = list.Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return distinct.Count > 0 ? distinct : [company.Email];
    }

    private static string Subject(string level, Bill bill) => level switch
    {
        "reminder" => $"Reminder: supplier bill {Label(bill)} still waits for your decision",
        "escalation" => $"Escalation: supplier bill {Label(bill)} has had no decision",
        _ => $"Supplier bill {Label(bill)} needs a review",
    };

    private static string Body(string level, Bill bill, Company company)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{company.Name}: a supplier bill waits for a decision ({level}).");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Supplier: {bill.SupplierName ?? "unknown"}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Number:   {bill.Number ?? "not read"}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Amount:   {bill.Currency} {bill.GrossAmount?.ToString("N2", CultureInfo.GetCultureInfo("de-CH")) ?? "not read"}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Due:      {bill.DueDate?.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture) ?? "not read"}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Why:      {bill.ReviewReason ?? "review required"}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Open it: /api/payables/bills/{bill.Id}");
        return text.ToString();
    }

    private static string Label(Bill bill) => bill.Number is { } n ? $"{n} ({bill.SupplierName ?? "unknown supplier"})" : bill.Id.ToString();
}
