using System.Text.Json;
using System.Text.Json.Nodes;
using Finance.Api.Infrastructure;
using Finance.Core.Banking.Sync;
using Finance.Core.Integrations.Revolut;
using Finance.Workflows.Banking;
using Finance.Workflows.Engines;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Finance.Api.Banking;

/// <summary>
/// Revolut Business webhooks (v2), one URL per company: <c>POST /api/banking/revolut/webhooks/{company}</c>, registered
/// at Revolut with the company's API application. The route is anonymous: the signature is the authentication
/// (<see cref="RevolutWebhookVerifier"/>: HMAC-SHA256 with the company's signing secret over timestamp and body, within
/// the tolerance window, each message once). A transaction event starts the <c>sync</c> flow for the company at once,
/// rather than at the next quarter hour; the sync pulls through the API (a webhook carries no more than a hint: the API
/// is the record), and one instance per transaction and state keeps Revolut's retries from starting twice.
/// </summary>
public static class RevolutWebhookEndpoints
{
    /// <summary>Revolut's events are small JSON objects; anything larger is not one of them.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private static readonly string[] TransactionEvents = ["TransactionCreated", "TransactionStateChanged"];

    public static RouteGroupBuilder MapRevolutWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        // Not in the OpenAPI document: Revolut calls it, not the portal, and its credential is the signature, which the
        // document's bearer scheme cannot describe (RevolutWebhookApiTests holds its authorization and bad-input cases).
        var group = app.MapGroup("/api/banking/revolut/webhooks").WithTags("Banking").AllowAnonymous().ExcludeFromDescription();
        group.MapPost("/{company}", Receive).WithName("ReceiveRevolutWebhook")
            .Accepts<JsonObject>("application/json")
            .WithSummary("Revolut Business webhook (v2) for one company: a transaction event starts its sync now.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return group;
    }

    private static async Task<Results<Ok<RevolutWebhookResponse>, ProblemHttpResult>> Receive(string company, HttpContext http,
        IOptions<RevolutOptions> options, RevolutWebhookVerifier verifier, IFlowEngine engine, CancellationToken cancellationToken)
    {
        // One answer for "no such company" and "no webhook secret": the URL does not exist for a caller without the secret.
        if (!options.Value.Companies.TryGetValue(company, out var connection) || string.IsNullOrEmpty(connection.WebhookSigningSecret))
            return Problems.NotFound($"No Revolut webhook is configured for '{company}'.");
        var body = await LimitedBody.ReadAsync(http.Request, MaxBodyBytes, cancellationToken);
        if (body is null)
            return TypedResults.Problem($"A Revolut webhook is limited to {MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large");

        var verdict = await verifier.VerifyAsync(http.Request.Headers[RevolutWebhookVerifier.TimestampHeader].FirstOrDefault(),
            http.Request.Headers[RevolutWebhookVerifier.SignatureHeader].ToString() is { Length: > 0 } signature ? signature : null,
            body, connection.WebhookSigningSecret, cancellationToken);
        switch (verdict)
        {
            case RevolutWebhookVerdict.MissingHeaders:
                return Problems.Unauthorized($"The {RevolutWebhookVerifier.TimestampHeader} and {RevolutWebhookVerifier.SignatureHeader} headers are required.");
            case RevolutWebhookVerdict.BadSignature:
                return Problems.Unauthorized("The signature does not verify with the company's signing secret.");
            case RevolutWebhookVerdict.OutsideTolerance:
                return Problems.Unauthorized("The timestamp is outside the tolerance window: a delayed or replayed message.");
            case RevolutWebhookVerdict.Replayed:
                return Problems.Conflict("This signed message was received before; a replay starts nothing.");
        }

        if (Parse(body) is not { } message)
            return TypedResults.Problem("The body must be a Revolut webhook event: {\"event\": …, \"data\": {…}}.", statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
        var (name, transactionId, state) = message;
        if (!TransactionEvents.Contains(name) || transactionId is null) return TypedResults.Ok(new RevolutWebhookResponse(name, null));

        var code = company.ToUpperInvariant();
        var started = await engine.StartAsync(new StartFlowRequest(BankingFlows.SyncId, new JsonObject { ["source"] = RevolutSync.Source }, code,
            CorrelationId: $"revolut:{transactionId}", InstanceId: $"revolut-webhook-{code.ToLowerInvariant()}-{transactionId}-{state ?? "created"}"), cancellationToken);
        return TypedResults.Ok(new RevolutWebhookResponse(name, started.InstanceId));
    }

    /// <summary>The event's name, the transaction's id and, for a state change, its new state; null when the body is not an event.</summary>
    private static (string Event, string? TransactionId, string? State)? Parse(byte[] body)
    {
        try
        {
            if (JsonNode.Parse(body) is not JsonObject root || root["event"] is not JsonValue eventValue || !eventValue.TryGetValue<string>(out var name)) return null;
            var data = root["data"] as JsonObject;
            var id = data?["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var text) && IsId(text) ? text : null;
            var state = data?["new_state"] is JsonValue stateValue && stateValue.TryGetValue<string>(out var s) && IsId(s) ? s : null;
            return (name, id, state);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Instance ids are built from these: letters, digits and dashes only, and short.
    private static bool IsId(string text) => text.Length is > 0 and <= 64 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>What was done with an event: <see cref="InstanceId"/> is the sync it started, null when the event needs none.</summary>
public sealed record RevolutWebhookResponse(string Event, string? InstanceId);
