using Microsoft.Extensions.Configuration;

namespace Finance.Workflows.Activities;

/// <summary>
/// Secrets flows refer to by name (<see cref="SecretReference"/>; HMAC keys of HTTP triggers), read from configuration
/// section <c>Flows:Secrets</c> (user secrets, environment variables or a vault provider: whatever configuration holds).
/// </summary>
public sealed class FlowSecrets(IConfiguration configuration)
{
    public const string SectionName = "Flows:Secrets";

    /// <summary>The secret's value; null when it is not configured (or empty).</summary>
    public string? Find(string name) =>
        Validation.FlowLimits.IsName(name) && configuration.GetSection(SectionName)[name] is { Length: > 0 } value ? value : null;
}
