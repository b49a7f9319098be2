using System.Globalization;
using System.Text.Json.Nodes;
using Finance.Core.Payables;
using Finance.Workflows.Activities;

namespace Finance.Workflows.Payables;

/// <summary>
/// Shared plumbing of the supplier-bill activities: the bill as input (a company resource), the bill as flow variables,
/// and the error rules of <see cref="DomainActivity"/>.
/// </summary>
public abstract class PayableActivity : DomainActivity
{
    protected override ActivitySchema Input => BillInput();

    protected override JsonObject Output => BillOutput();

    protected static ActivitySchema BillInput() =>
        ActivitySchema.Properties().Required("billId", ActivitySchema.CompanyResource("bill"), "The supplier bill, of the instance's company.");

    protected static JsonObject BillOutput(params (string Name, JsonObject Schema)[] extra) => ActivitySchema.Output(
    [
        ("billId", ActivitySchema.Text("uuid")), ("status", ActivitySchema.Text()), ("company", ActivitySchema.Text()),
        ("supplierId", ActivitySchema.Text("uuid")), ("number", ActivitySchema.Text()), ("currency", ActivitySchema.Text()),
        ("gross", ActivitySchema.Number()), ("dueDate", ActivitySchema.Text("date")), ("open", ActivitySchema.Boolean()), .. extra,
    ]);

    protected static Guid BillId(ActivityContext context) =>
        Guid.Parse((string?)context.Input["billId"] ?? throw new ArgumentException("billId is required."), CultureInfo.InvariantCulture);

    /// <summary>What later steps may use: <c>vars.x.status</c>, <c>.open</c> (still waiting for a decision), <c>.gross</c>…</summary>
    public static JsonObject ToVariables(Bill bill) => new()
    {
        ["billId"] = bill.Id.ToString(),
        ["status"] = bill.Status,
        ["company"] = bill.CompanyCode,
        ["supplierId"] = bill.SupplierId?.ToString(),
        ["number"] = bill.Number,
        ["currency"] = bill.Currency,
        ["gross"] = bill.GrossAmount,
        ["dueDate"] = bill.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["open"] = bill.Status is BillStatus.Received or BillStatus.Review,
    };
}
