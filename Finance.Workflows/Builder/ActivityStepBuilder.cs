using Finance.Workflows.Model;

namespace Finance.Workflows.Builder;

/// <summary>Configures one <see cref="ActivityStep"/>.</summary>
public sealed class ActivityStepBuilder
{
    private readonly string _id;
    private readonly string _name;
    private Dictionary<string, string>? _input;
    private RetryPolicy? _retry;
    private TimeSpan? _timeout;
    private string? _output;
    private string? _queue;

    internal ActivityStepBuilder(string id, string name)
    {
        _id = id;
        _name = name;
    }

    /// <summary>Sets input field <paramref name="field"/> to the value of a JavaScript expression.</summary>
    public ActivityStepBuilder Input(string field, string expression)
    {
        (_input ??= [])[field] = expression;
        return this;
    }

    public ActivityStepBuilder Retry(
        int maxAttempts, TimeSpan? initialInterval = null, double backoffCoefficient = 2.0, TimeSpan? maximumInterval = null)
    {
        _retry = new RetryPolicy(maxAttempts, initialInterval, backoffCoefficient, maximumInterval);
        return this;
    }

    public ActivityStepBuilder Timeout(TimeSpan startToClose)
    {
        _timeout = startToClose;
        return this;
    }

    public ActivityStepBuilder Output(string variable)
    {
        _output = variable;
        return this;
    }

    public ActivityStepBuilder Queue(string queue)
    {
        _queue = queue;
        return this;
    }

    internal ActivityStep Build() => new(_id, _name, _input, _retry, _timeout, _output, _queue);
}
