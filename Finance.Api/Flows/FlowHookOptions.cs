using System.ComponentModel.DataAnnotations;

namespace Finance.Api.Flows;

/// <summary>The <c>Flows:Hooks</c> section: limits of <c>POST /api/hooks/{slug}</c> (HTTP triggers).</summary>
public sealed class FlowHookOptions
{
    public const string SectionName = "Flows:Hooks";

    /// <summary>The largest body: it becomes the instance's input, kept in its state and journal (as the flow start API's 64 KiB).</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How far a signed request's timestamp may be from our clock (Stripe and Slack use 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);
}

public static class FlowHookExtensions
{
    public static IHostApplicationBuilder AddFlowHooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<FlowHookOptions>()
            .BindConfiguration(FlowHookOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }
}
