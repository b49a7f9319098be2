using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Invoicing;
using Finance.Workflows.BuiltIn;
using Finance.Workflows.Engines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Invoicing;

/// <summary>What flows do for an invoice: sending it (and so its dunning) and its reminders.</summary>
public static class InvoiceFlowEndpoints
{
    public static RouteGroupBuilder MapInvoiceFlowEndpoints(this IEndpointRouteBuilder app)
    {
        var group = InvoiceRoutes.Group(app, "/api/invoices/{id:guid}");

        group.MapPost("/send", Send).WithName("SendInvoice").RequireAuthorization(Policies.Write)
            .WithSummary("Starts invoice.create-and-send: issue (if a draft), e-mail the PDF with its QR-bill, start the dunning. Idempotent.");
        group.MapGet("/reminders", ListReminders).WithName("ListInvoiceReminders");
        return group;
    }

    /// <summary>The flow instance id of an invoice's sending: one per invoice, so a repeated request starts nothing new.</summary>
    public static string SendInstanceId(Guid invoiceId) => $"invoice-send-{invoiceId:N}";

    private static async Task<Results<Accepted<FlowInstanceRef>, ProblemHttpResult>> Send(
        Guid id, InvoiceStore invoices, IFlowEngine flows, CancellationToken cancellationToken)
    {
        var invoice = (await invoices.FindAsync(id, cancellationToken))!;
        if (invoice.Kind != InvoiceKind.Invoice || invoice.Status is InvoiceStatus.Cancelled)
        {
            return Problems.Conflict($"Invoice {invoice.Number ?? invoice.Id.ToString()} is a {invoice.Kind} in status {invoice.Status}: it cannot be sent.");
        }
        var started = await flows.StartAsync(new StartFlowRequest(InvoiceFlows.CreateAndSendId, new JsonObject { ["invoiceId"] = id.ToString() },
            invoice.CompanyCode, id.ToString(), InstanceId: SendInstanceId(id)), cancellationToken);
        return TypedResults.Accepted($"/api/flows/instances/{started.InstanceId}", started);
    }

    private static async Task<Ok<RemindersResponse>> ListReminders(Guid id, InvoiceReminders reminders, CancellationToken cancellationToken)
    {
        var list = await reminders.ListAsync(id, cancellationToken);
        return TypedResults.Ok(new RemindersResponse(list.Count, [.. list.Select(r => new ReminderResponse(r.Level, r.Fee, r.Currency, r.OpenAmount, r.PayBy, r.SentAt))]));
    }
}

public sealed record RemindersResponse(int Count, ReminderResponse[] Reminders);

public sealed record ReminderResponse(int Level, decimal Fee, string Currency, decimal OpenAmount, DateOnly PayBy, DateTimeOffset SentAt);
