using System.Text.Json.Nodes;
using Finance.Workflows.Model;
using Npgsql;

namespace Finance.Workflows.Activities.Diagnostics;

// Built-in activities for tests and benchmarks only: registered when Workflows:EnableDiagnosticActivities is true, so a
// worker started as a separate process can run test flows. They run on the queue the step names, else "default".

/// <summary>
/// <c>diag.record</c>: the side effect tests count. Inserts one <c>flow_diagnostic_records</c> row per idempotency key
/// (a re-run only bumps <c>executions</c>), and returns <c>{ executions }</c>. Input: <c>value</c> (any JSON, optional).
/// </summary>
public sealed class RecordActivity(NpgsqlDataSource dataSource, TimeProvider timeProvider) : IFlowActivity
{
    private const string Upsert = """
        INSERT INTO flow_diagnostic_records (idempotency_key, instance_id, value, recorded_at) VALUES (@key, @instance, @value::jsonb, @now)
        ON CONFLICT (idempotency_key) DO UPDATE SET executions = flow_diagnostic_records.executions + 1
        RETURNING executions
        """;

    public string Name => "diag.record";

    public string Queue => "default";

    public ActivityDescriptor Descriptor { get; } = new("diag.record", "default", "Test only: records one row per idempotency key and returns how often it ran.",
        ActivitySchema.Properties().Optional("value", ActivitySchema.Any(), "Any JSON to store.").Build(),
        ActivitySchema.Output(("executions", ActivitySchema.WholeNumber())), RetryPolicy.Default, ActivityDescriptor.EngineDefaultTimeout);

    public async Task<JsonNode?> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var command = dataSource.CreateCommand(Upsert);
        command.Parameters.AddWithValue("key", context.IdempotencyKey);
        command.Parameters.AddWithValue("instance", context.InstanceId);
        command.Parameters.AddWithValue("value", (object?)context.Input["value"]?.ToJsonString() ?? DBNull.Value);
        command.Parameters.AddWithValue("now", timeProvider.GetUtcNow());
        var executions = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        return new JsonObject { ["executions"] = executions };
    }
}

/// <summary><c>diag.sleep</c>: waits <c>ms</c> milliseconds (input), honouring cancellation; returns its input.</summary>
public sealed class SleepActivity(TimeProvider timeProvider) : IFlowActivity
{
    public string Name => "diag.sleep";

    public string Queue => "default";

    public ActivityDescriptor Descriptor { get; } = new("diag.sleep", "default", "Test only: waits ms milliseconds and returns its input.",
        ActivitySchema.Properties().Optional("ms", ActivitySchema.WholeNumber(0), "How long to wait.").Open().Build(),
        ActivitySchema.AnyObject(), RetryPolicy.Default, ActivityDescriptor.EngineDefaultTimeout);

    public async Task<JsonNode?> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ms = (int?)context.Input["ms"] ?? 0;
        await Task.Delay(TimeSpan.FromMilliseconds(ms), timeProvider, cancellationToken);
        return context.Input.DeepClone();
    }
}

/// <summary>
/// <c>diag.fail</c>: fails attempts 1..<c>times</c> (input; default every attempt), then returns <c>{ attempt }</c>.
/// With <c>nonRetryable: true</c> it throws <see cref="NonRetryableActivityException"/>.
/// </summary>
public sealed class FailActivity : IFlowActivity
{
    public string Name => "diag.fail";

    public string Queue => "default";

    public ActivityDescriptor Descriptor { get; } = new("diag.fail", "default", "Test only: fails attempts 1..times, then returns the attempt number.",
        ActivitySchema.Properties().Optional("times", ActivitySchema.WholeNumber(0), "How many attempts fail (default all).").Optional("nonRetryable", ActivitySchema.Boolean(), "Fail for good at once.").Build(),
        ActivitySchema.Output(("attempt", ActivitySchema.WholeNumber())), RetryPolicy.Default, ActivityDescriptor.EngineDefaultTimeout);

    public Task<JsonNode?> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var times = (int?)context.Input["times"] ?? int.MaxValue;
        if (context.Attempt <= times)
        {
            var message = $"diag.fail attempt {context.Attempt} of {context.IdempotencyKey}";
            throw (bool?)context.Input["nonRetryable"] == true
                ? new NonRetryableActivityException(message)
                : new InvalidOperationException(message);
        }

        return Task.FromResult<JsonNode?>(new JsonObject { ["attempt"] = context.Attempt });
    }
}

/// <summary><c>diag.noop</c>: returns its input at once (benchmarks measure the engine, not the work).</summary>
public sealed class NoopActivity : IFlowActivity
{
    public string Name => "diag.noop";

    public string Queue => "default";

    public ActivityDescriptor Descriptor { get; } = new("diag.noop", "default", "Test only: returns its input at once.",
        ActivitySchema.Properties().Open().Build(),
        ActivitySchema.AnyObject(), RetryPolicy.Default, ActivityDescriptor.EngineDefaultTimeout);

    public Task<JsonNode?> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult<JsonNode?>(context.Input.DeepClone());
    }
}
