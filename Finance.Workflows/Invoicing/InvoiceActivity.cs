using System.Globalization;
using System.Text.Json.Nodes;
using Finance.Core.Invoicing;
using Finance.Workflows.Activities;

namespace Finance.Workflows.Invoicing;

/// <summary>
/// Shared plumbing of the invoicing activities: reading inputs, the invoice as flow variables, and which domain errors
/// are final (a missing invoice or a broken rule does not heal on retry; a database outage does).
/// </summary>
public abstract class InvoiceActivity : DomainActivity
{
    /// <summary>The input schema; every invoicing activity names its invoice by <c>invoiceId</c> (a company resource).</summary>
    protected override ActivitySchema Input => InvoiceInput();

    /// <summary>The output schema: by default the invoice as <see cref="ToVariables"/> writes it.</summary>
    protected override JsonObject Output => InvoiceOutput();

    protected static ActivitySchema InvoiceInput() =>
        ActivitySchema.Properties().Required("invoiceId", ActivitySchema.CompanyResource("invoice"), "The invoice, of the instance's company.");

    protected static JsonObject InvoiceOutput(params (string Name, JsonObject Schema)[] extra) => ActivitySchema.Output(
    [
        ("invoiceId", ActivitySchema.Text("uuid")), ("number", ActivitySchema.Text()), ("status", ActivitySchema.Text()),
        ("company", ActivitySchema.Text()), ("currency", ActivitySchema.Text()), ("total", ActivitySchema.Number()),
        ("openAmount", ActivitySchema.Number()), ("dueDate", ActivitySchema.Text("date")), .. extra,
    ]);

    protected static Guid InvoiceId(ActivityContext context) =>
        Guid.Parse((string?)context.Input["invoiceId"] ?? throw new ArgumentException("invoiceId is required."), CultureInfo.InvariantCulture);

    protected static decimal NumberInput(ActivityContext context, string field, decimal? fallback = null) =>
        context.Input[field] is { } node ? decimal.Parse(node.ToString(), CultureInfo.InvariantCulture)
            : fallback ?? throw new ArgumentException($"{field} is required.");

    /// <summary>What later steps may use: <c>vars.invoice.number</c>, <c>.dueDate</c> (yyyy-MM-dd), <c>.openAmount</c>…</summary>
    public static JsonObject ToVariables(Invoice invoice) => new()
    {
        ["invoiceId"] = invoice.Id.ToString(),
        ["number"] = invoice.Number,
        ["status"] = invoice.Status,
        ["company"] = invoice.CompanyCode,
        ["currency"] = invoice.Currency,
        ["total"] = invoice.Amounts.Total,
        ["openAmount"] = invoice.OpenAmount,
        ["dueDate"] = invoice.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };
}
