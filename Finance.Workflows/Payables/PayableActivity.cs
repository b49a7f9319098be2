using System.Globalization;
using System.Text.Json.Nodes;
using Finance.Core.Errors;
using Finance.Core.Payables;
using Finance.Workflows.Activities;
using Finance.Workflows.Model;

namespace Finance.Workflows.Payables;

/// <summary>
/// Shared plumbing of the supplier-bill activities: the bill as input (a company resource), the bill as flow variables,
/// and which errors are final (a missing bill or a broken rule does not heal on retry; a database outage does).
/// </summary>
public abstract class PayableActivity : IFlowActivity
{
    public abstract string Name { get; }

    public abstract string Queue { get; }

    public ActivityDescriptor Descriptor => new(Name, Queue, Description, Input.Build(), Output, RetryPolicy.Default, ActivityDescriptor.EngineDefaultTimeout);

    protected abstract string Description { get; }

    protected virtual ActivitySchema Input => BillInput();

    protected virtual JsonObject Output => BillOutput();

    protected static ActivitySchema BillInput() =>
        ActivitySchema.Properties().Required("billId", ActivitySchema.CompanyResource("bill"), "The supplier bill, of the instance's company.");

    protected static JsonObject BillOutput(params (string Name, JsonObject Schema)[] extra) => ActivitySchema.Output(
    [
        ("billId", ActivitySchema.Text("uuid")), ("status", ActivitySchema.Text()), ("company", ActivitySchema.Text()),
        ("supplierId", ActivitySchema.Text("uuid")), ("number", ActivitySchema.Text()), ("currency", ActivitySchema.Text()),
        ("gross", ActivitySchema.Number()), ("dueDate", ActivitySchema.Text("date")), ("open", ActivitySchema.Boolean()), .. extra,
    ]);

    public async Task<JsonNode?> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            return await RunAsync(context, cancellationToken);
        }
        catch (DomainException e)
        {
            throw new NonRetryableActivityException(e.Message, e);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or ArgumentException)
        {
            throw new NonRetryableActivityException($"{Name}: bad input: {e.Message}", e);
        }
    }

    protected abstract Task<JsonNode?> RunAsync(ActivityContext context, CancellationToken cancellationToken);

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
