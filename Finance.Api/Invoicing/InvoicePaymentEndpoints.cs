using Finance.Api.Infrastructure;
using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Core.Invoicing;
using Finance.Workflows.BuiltIn;
using Finance.Workflows.Engines;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Invoicing;

/// <summary>What settles an invoice: payments (<c>/api/invoices/{id}/payments</c>) and credit notes (<c>/api/invoices/{id}/credit-notes</c>).</summary>
public static class InvoicePaymentEndpoints
{
    public static RouteGroupBuilder MapInvoicePaymentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = InvoiceRoutes.Group(app, "/api/invoices/{id:guid}");

        group.MapGet("/payments", ListPayments).WithName("ListInvoicePayments");
        group.MapPost("/payments", RecordPayment).WithName("RecordInvoicePayment").RequireAuthorization(Policies.Write);
        group.MapPost("/credit-notes", CreateCreditNote).WithName("CreateCreditNote").RequireAuthorization(Policies.Write);
        return group;
    }

    private static async Task<Ok<PaymentResponse[]>> ListPayments(Guid id, InvoiceStore invoices, CancellationToken cancellationToken) =>
        TypedResults.Ok((await invoices.PaymentsAsync(id, cancellationToken)).Select(PaymentResponse.From).ToArray());

    /// <summary>
    /// Records the payment at once (the caller gets it back, or a 4xx), then starts <c>invoice.mark-paid</c> for the
    /// follow-ups: ending the dunning when paid in full, telling the finance team. One flow per payment.
    /// </summary>
    private static Task<Results<Created<RecordedPaymentResponse>, ValidationProblem, ProblemHttpResult>> RecordPayment(
        Guid id, PaymentRequest request, InvoiceSettlement settlement, IFlowEngine flows, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            var (invoice, payment) = await settlement.RecordPaymentAsync(id, request.ToInput(), cancellationToken);
            await flows.StartAsync(new StartFlowRequest(InvoiceFlows.MarkPaidId,
                new JsonObject { ["invoiceId"] = id.ToString(), ["paymentId"] = payment.Id.ToString() },
                invoice.CompanyCode, id.ToString(), InstanceId: $"invoice-payment-{payment.Id:N}"), CancellationToken.None);
            return TypedResults.Created($"/api/invoices/{id}/payments", new RecordedPaymentResponse(PaymentResponse.From(payment), InvoiceResponse.From(invoice)));
        });

    private static Task<Results<Created<InvoiceResponse>, ValidationProblem, ProblemHttpResult>> CreateCreditNote(
        Guid id, CreditNoteRequest request, InvoiceSettlement settlement, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            var creditNote = await settlement.CreateCreditNoteAsync(id, request.ToInput(), cancellationToken);
            return TypedResults.Created($"/api/invoices/{creditNote.Id}", InvoiceResponse.From(creditNote));
        });
}
