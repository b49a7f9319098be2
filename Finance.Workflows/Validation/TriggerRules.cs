using Finance.Workflows.Model;

namespace Finance.Workflows.Validation;

/// <summary>A trigger's shape at publish; that no other published flow uses the same slug is the store's check.</summary>
internal static class TriggerRules
{
    public static void Check(FlowTrigger? trigger, List<FlowValidationError> errors)
    {
        if (trigger is null) return;
        if (trigger.Type != FlowTrigger.Http) errors.Add(new("trigger.type", $"The only trigger type is \"{FlowTrigger.Http}\"."));
        if (!FlowLimits.IsName(trigger.Slug)) errors.Add(new("trigger.slug", FlowLimits.NameRule("A slug")));
        switch (trigger.Auth)
        {
            case FlowTrigger.Bearer when trigger.Secret is not null:
                errors.Add(new("trigger.secret", "A bearer trigger takes no secret: the caller's token is checked."));
                break;
            case FlowTrigger.HmacSha256 when !FlowLimits.IsName(trigger.Secret):
                errors.Add(new("trigger.secret", "An hmac-sha256 trigger names its shared secret (configuration Flows:Secrets:name). " + FlowLimits.NameRule("The name")));
                break;
            case FlowTrigger.Bearer or FlowTrigger.HmacSha256:
                break;
            default:
                errors.Add(new("trigger.auth", $"auth is \"{FlowTrigger.Bearer}\" or \"{FlowTrigger.HmacSha256}\"."));
                break;
        }
        if (trigger.Company is { } company && (company.Length is 0 or > 32 || !FlowLimits.IsName(company)))
        {
            errors.Add(new("trigger.company", "A company code of 1 to 32 letters or digits."));
        }
    }
}
