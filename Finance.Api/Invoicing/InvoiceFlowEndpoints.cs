using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Errors;
using Finance.Core.Invoicing;
using Finance.Workflows.Engines;
using Finance.Workflows.Invoicing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Invoicing;

/// <summary>What flows do for an invoice: sending it (and so its dunning) and its reminders.</summary>
public static class InvoiceFlowEndpoints
{
    public static RouteGroupBuilder MapInvoiceFlowEndpoints(this IEndpointRouteBuilder app)
    {
        var group = InvoiceRoutes.Group(app, "/api/invoices/{id:guid}");

        group.MapPost("/send", Send).WithName("SendInvoice").RequireAuthorization(Policies.Write).AcceptsIdempotencyKey()
            .WithSummary("Starts invoice.create-and-send: issue (if a draft), e-mail the PDF with its QR-bill, start the dunning. Idempotent.");
        group.MapGet("/reminders", ListReminders).WithName("ListInvoiceReminders");
        return group;
    }

    /// <summary>The flow instance id of an invoice's sending: one per invoice, so a repeated request starts nothing new.</summary>
    public static string SendInstanceId(Guid invoiceId) => $"invoice-send-{invoiceId:N}";

    /// <summary>
    /// Starts the sending. The start is idempotent by itself (one instance id per invoice), so it needs no outbox: with an
    /// <c>Idempotency-Key</c>, a failure after the start and before the key's answer commits leaves the key free, and the
    /// retry starts the same instance again and answers the same.
    /// </summary>
    private static Task<Results<Accepted<FlowInstanceRef>, ValidationProblem, ProblemHttpResult>> Send(
        Guid id, HttpContext http, InvoiceStore invoices, IFlowEngine flows, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(() => IdempotentPost.RunAsync(http, http.ResourceCompany(), null, async _ =>
        {
            var invoice = (await invoices.FindAsync(id, cancellationToken))!;
            if (invoice.Kind != InvoiceKind.Invoice || invoice.Status is InvoiceStatus.Cancelled)
            {
                throw new ConflictException($"Invoice {invoice.Number ?? invoice.Id.ToString()} is a {invoice.Kind} in status {invoice.Status}: it cannot be sent.");
            }
            var started = await flows.StartAsync(new StartFlowRequest(InvoiceFlows.CreateAndSendId, new JsonObject { ["invoiceId"] = id.ToString() },
                invoice.CompanyCode, id.ToString(), InstanceId: SendInstanceId(id)), cancellationToken);
            return new IdempotentAnswer<FlowInstanceRef>(StatusCodes.Status202Accepted, $"/api/flows/instances/{started.InstanceId}", started);
        }, answer => TypedResults.Accepted(answer.Location, answer.Value), cancellationToken));

    private static async Task<Ok<RemindersResponse>> ListReminders(Guid id, InvoiceReminders reminders, CancellationToken cancellationToken)
    {
        var list = await reminders.ListAsync(id, cancellationToken);
        return TypedResults.Ok(new RemindersResponse(list.Count, [.. list.Select(r => new ReminderResponse(r.Level, r.Fee, r.Currency, r.OpenAmount, r.PayBy, r.SentAt))]));
    }
}

public sealed record RemindersResponse(int Count, ReminderResponse[] Reminders);

public sealed record ReminderResponse(int Level, decimal Fee, string Currency, decimal OpenAmount, DateOnly PayBy, DateTimeOffset SentAt);
