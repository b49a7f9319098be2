namespace Finance.Workflows.Model;

/// <summary>
/// How a published flow may also be started from outside (Elsa.Http's HTTP endpoint trigger):
/// <c>{ "type": "http", "slug": "crm-order", "auth": "hmac-sha256", "secret": "crm-hook", "company": "HYPERVISUAL" }</c>.
/// A <c>POST /api/hooks/{slug}</c> starts an instance with the JSON body as input, for <see cref="Company"/> (none: the
/// whole group). <c>auth</c> is <c>bearer</c> (a token with a writing role that covers the company) or
/// <c>hmac-sha256</c> (a signature over timestamp and body with the shared secret <see cref="Secret"/> names, from
/// configuration <c>Flows:Secrets</c>).
/// </summary>
public sealed record FlowTrigger(string Type, string Slug, string Auth, string? Secret = null, string? Company = null)
{
    public const string Http = "http";
    public const string Bearer = "bearer";
    public const string HmacSha256 = "hmac-sha256";
}
