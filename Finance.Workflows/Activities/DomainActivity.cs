using System.Text.Json.Nodes;
using Finance.Core.Errors;
using Finance.Workflows.Model;

namespace Finance.Workflows.Activities;

/// <summary>
/// An activity over a capability's domain services: its descriptor from its schemas, and which errors are final (a missing
/// record or a broken rule does not heal on retry, bad input neither; a database outage does).
/// </summary>
public abstract class DomainActivity : IFlowActivity
{
    public abstract string Name { get; }

    public abstract string Queue { get; }

    public ActivityDescriptor Descriptor => new(Name, Queue, Description, Input.Build(), Output, RetryPolicy.Default, ActivityDescriptor.EngineDefaultTimeout);

    protected abstract string Description { get; }

    protected abstract ActivitySchema Input { get; }

    protected abstract JsonObject Output { get; }

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
}
