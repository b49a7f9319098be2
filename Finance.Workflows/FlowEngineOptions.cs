using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Finance.Workflows;

/// <summary>The <c>Workflows</c> section: which engine runs flows, and how the embedded engine's workers behave.</summary>
public sealed class FlowEngineOptions
{
    public const string SectionName = "Workflows";

    /// <summary>The queue of activities that name none; on Temporal it also runs the workflows.</summary>
    public const string DefaultQueue = "default";

    /// <summary>The queues of DESIGN.md §3 with their concurrency; both engines start from these.</summary>
    internal static Dictionary<string, int> DesignQueues(int defaultQueueConcurrency) => new(StringComparer.Ordinal)
    {
        ["invoice-processing"] = 5,
        ["ocr-processing"] = 2,
        ["reconciliation"] = 1,
        ["notifications"] = 10,
        ["sync"] = 3,
        [DefaultQueue] = defaultQueueConcurrency,
    };

    /// <summary><c>Embedded</c> (PostgreSQL, the default) or <c>Temporal</c>.</summary>
    [Required]
    [RegularExpression("^(Embedded|Temporal)$")]
    public string Engine { get; set; } = "Embedded";

    /// <summary>Registers the <c>diag.*</c> activities (Activities/Diagnostics): for tests and benchmarks, never production.</summary>
    public bool EnableDiagnosticActivities { get; set; }

    /// <summary>
    /// Queue name → how many activities one worker process runs at once on it (DESIGN.md §3). Configuration adds
    /// queues or overrides these, e.g. <c>Workflows:Queues:notifications=20</c>.
    /// </summary>
    public Dictionary<string, int> Queues { get; set; } = DesignQueues(defaultQueueConcurrency: 5);

    /// <summary>
    /// The longest an idle queue loop sleeps before looking for work again. New work wakes it at once (PostgreSQL
    /// notifications); the poll picks up retries whose backoff ran out, and anything a lost notification hid.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.005", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a leased activity belongs to its worker (at least its start-to-close timeout); then another worker may run it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often due timers and schedules are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.005", "00:01:00")]
    public TimeSpan TimerPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait between attempts while PostgreSQL is unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan MaxReconnectInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Cross-field rules the annotations cannot express.</summary>
internal sealed class FlowEngineOptionsValidator : IValidateOptions<FlowEngineOptions>
{
    public ValidateOptionsResult Validate(string? name, FlowEngineOptions options)
    {
        var bad = options.Queues.Where(q => string.IsNullOrWhiteSpace(q.Key) || q.Key.StartsWith('$') || q.Value is < 1 or > 256)
            .Select(q => $"Workflows:Queues:{q.Key} must be a name not starting with '$' with a concurrency of 1 to 256 (is {q.Value}).")
            .ToList();
        return bad.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(bad);
    }
}
