using Finance.Core.Errors;
using System.Globalization;
using System.Text.Json.Nodes;
using Finance.Core.Invoicing;
using Finance.Core.Notifications.Email;
using Finance.Workflows.Activities;

namespace Finance.Workflows.Invoicing;

/// <summary>
/// <c>invoice.issue</c>: issues a draft (number, reference, due date); an invoice already issued is returned as it is, also
/// when another run of the same step issued it a moment ago (the check is made under the invoice's lock).
/// </summary>
public sealed class IssueInvoiceActivity(InvoiceLifecycle lifecycle) : InvoiceActivity
{
    public override string Name => "invoice.issue";

    protected override string Description => "Issues a draft invoice: number, QR reference and due date. An invoice already issued is returned as it is.";

    public override string Queue => "invoice-processing";

    protected override async Task<JsonNode?> RunAsync(ActivityContext context, CancellationToken cancellationToken) =>
        ToVariables(await lifecycle.IssueOrGetAsync(InvoiceId(context), cancellationToken));
}

/// <summary>
/// <c>invoice.send</c>: renders the PDF with its QR-bill and e-mails it (once per step key), then marks the invoice sent
/// (event <c>invoice.created_and_sent</c>). Rendering and mailing are one step so the PDF never travels through flow state.
/// </summary>
public sealed class SendInvoiceActivity(InvoiceMailer mailer, InvoiceLifecycle lifecycle) : InvoiceActivity
{
    public override string Name => "invoice.send";

    protected override string Description => "Renders the invoice PDF with its QR-bill, e-mails it to the customer once per step and marks the invoice sent.";

    protected override JsonObject Output => InvoiceOutput(("messageId", ActivitySchema.Text()));

    public override string Queue => "notifications";

    protected override async Task<JsonNode?> RunAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var id = InvoiceId(context);
        var receipt = await mailer.SendAsync(id, EmailKind.Invoice, null, context.IdempotencyKey, cancellationToken);
        var variables = ToVariables(await lifecycle.RecordEmailedAsync(id, cancellationToken));
        variables["messageId"] = receipt.MessageId;
        return variables;
    }
}

/// <summary>
/// <c>invoice.send-reminder</c>: input <c>invoiceId</c>, <c>level</c> (1–3), <c>fee</c>, <c>payWithinDays</c>, and optionally
/// <c>template</c> (<c>reminder-1</c> | <c>reminder-2</c> | <c>reminder-3</c>; default: the level's own). Skips (and
/// says so) when the invoice is no longer open; level 3 also raises an alert that the case needs a person.
/// </summary>
public sealed class SendReminderActivity(InvoiceReminders reminders) : InvoiceActivity
{
    public override string Name => "invoice.send-reminder";

    protected override string Description => "Sends payment reminder number level (1-3) with its fee; skips, and says why, when the invoice is no longer open.";

    protected override ActivitySchema Input => InvoiceInput()
        .Required("level", ActivitySchema.WholeNumber(1, 3), "The reminder level, 1 to 3.")
        .Optional("fee", ActivitySchema.Number(), "The reminder fee in the invoice currency (default 0).")
        .Optional("payWithinDays", ActivitySchema.WholeNumber(1, 365), "Days the customer has to pay (default 10).")
        .Optional("template", ActivitySchema.Enum([.. EmailKindNames.Reminders]), "The e-mail template (default: the level's own).");

    protected override JsonObject Output => ActivitySchema.Output(("level", ActivitySchema.WholeNumber()), ("sent", ActivitySchema.Boolean()), ("skippedBecause", ActivitySchema.Text()));

    public override string Queue => "notifications";

    protected override async Task<JsonNode?> RunAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var level = (int)NumberInput(context, "level");
        var template = (string?)context.Input["template"] switch
        {
            null => (EmailKind?)null,
            var name when EmailKindNames.Reminders.Contains(name) => EmailKindNames.Parse(name),
            var other => throw new ArgumentException($"Unknown reminder template '{other}'."),
        };
        var outcome = await reminders.SendAsync(InvoiceId(context), level, NumberInput(context, "fee", 0m),
            (int)NumberInput(context, "payWithinDays", 10m), context.IdempotencyKey, cancellationToken, template);
        return new JsonObject { ["level"] = level, ["sent"] = outcome.Sent, ["skippedBecause"] = outcome.SkippedBecause };
    }
}

/// <summary>
/// <c>invoice.record-payment</c>: records <c>amount</c>/<c>currency</c>/<c>date</c>/<c>reference</c> once per step key, or,
/// given <c>paymentId</c>, takes a payment the API already recorded. Returns the invoice and <c>fullyPaid</c>.
/// </summary>
public sealed class RecordPaymentActivity(InvoiceStore invoices, InvoiceSettlement settlement) : InvoiceActivity
{
    public override string Name => "invoice.record-payment";

    protected override string Description => "Records a payment against the invoice once per step, or takes one the API already recorded (paymentId).";

    protected override ActivitySchema Input => InvoiceInput()
        .Optional("paymentId", ActivitySchema.CompanyResource("payment"), "A payment the API recorded already; the other inputs are then ignored.")
        .Optional("amount", ActivitySchema.Number(), "The amount paid (required without paymentId).")
        .Optional("currency", ActivitySchema.Text(), "ISO 4217 code; default the invoice's.")
        .Optional("date", ActivitySchema.Text("date"), "Value date, yyyy-MM-dd; default today.")
        .Optional("reference", ActivitySchema.Text(), "The payment's reference (QR or creditor reference).");

    protected override JsonObject Output => InvoiceOutput(("fullyPaid", ActivitySchema.Boolean()));

    public override string Queue => "invoice-processing";

    protected override async Task<JsonNode?> RunAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var id = InvoiceId(context);
        Invoice invoice;
        if (context.Input["paymentId"] is not null)
        {
            invoice = await invoices.FindAsync(id, cancellationToken) ?? throw new NotFoundException($"No invoice with id '{id}'.");
        }
        else
        {
            var date = (string?)context.Input["date"] is { } d ? DateOnly.Parse(d, CultureInfo.InvariantCulture) : (DateOnly?)null;
            var input = new PaymentInput(date, NumberInput(context, "amount"), (string?)context.Input["currency"], (string?)context.Input["reference"]);
            (invoice, _) = await settlement.RecordPaymentAsync(id, input, cancellationToken, context.IdempotencyKey);
        }
        var variables = ToVariables(invoice);
        variables["fullyPaid"] = invoice.Status == InvoiceStatus.Paid;
        return variables;
    }
}

/// <summary><c>invoice.notify-payment</c>: e-mails the company's finance address that a payment came in.</summary>
public sealed class NotifyPaymentActivity(InvoiceMailer mailer) : InvoiceActivity
{
    public override string Name => "invoice.notify-payment";

    protected override string Description => "E-mails the company's finance address that a payment for the invoice came in.";

    protected override JsonObject Output => ActivitySchema.Output(("messageId", ActivitySchema.Text()));

    public override string Queue => "notifications";

    protected override async Task<JsonNode?> RunAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var receipt = await mailer.NotifyPaymentAsync(InvoiceId(context), context.IdempotencyKey, cancellationToken);
        return new JsonObject { ["messageId"] = receipt.MessageId };
    }
}

/// <summary><c>invoice.overdue-check</c>: the daily check; marks invoices overdue and raises their alerts once.</summary>
public sealed class OverdueCheckActivity(InvoiceOverdueCheck check) : InvoiceActivity
{
    public override string Name => "invoice.overdue-check";

    protected override string Description => "The daily check: marks open invoices past their due date overdue and raises their alerts once.";

    protected override ActivitySchema Input => ActivitySchema.Properties();

    protected override JsonObject Output => ActivitySchema.Output(("marked", ActivitySchema.WholeNumber()));

    public override string Queue => "invoice-processing";

    protected override async Task<JsonNode?> RunAsync(ActivityContext context, CancellationToken cancellationToken) =>
        new JsonObject { ["marked"] = (await check.RunAsync(cancellationToken)).Count };
}
