using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Invoicing;
using Finance.Workflows.Engines;
using Finance.Workflows.Invoicing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Invoicing;

/// <summary>What settles an invoice: payments (<c>/api/invoices/{id}/payments</c>) and credit notes (<c>/api/invoices/{id}/credit-notes</c>).</summary>
public static class InvoicePaymentEndpoints
{
    public static RouteGroupBuilder MapInvoicePaymentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = InvoiceRoutes.Group(app, "/api/invoices/{id:guid}");

        group.MapGet("/payments", ListPayments).WithName("ListInvoicePayments");
        group.MapPost("/payments", RecordPayment).WithName("RecordInvoicePayment").RequireAuthorization(Policies.Write).AcceptsIdempotencyKey();
        group.MapPost("/credit-notes", CreateCreditNote).WithName("CreateCreditNote").RequireAuthorization(Policies.Write).AcceptsIdempotencyKey();
        return group;
    }

    private static async Task<Ok<PaymentResponse[]>> ListPayments(Guid id, InvoiceStore invoices, CancellationToken cancellationToken) =>
        TypedResults.Ok((await invoices.PaymentsAsync(id, cancellationToken)).Select(PaymentResponse.From).ToArray());

    public static string MarkPaidInstanceId(Guid paymentId) => InvoiceFlows.MarkPaidInstanceId(paymentId);

    /// <summary>
    /// Records the payment and, in the same transaction, the start of <c>invoice.mark-paid</c> (ending the dunning when paid in
    /// full, telling the finance team), which the workers make on whichever engine runs: either both are stored or neither.
    /// </summary>
    private static Task<Results<Created<RecordedPaymentResponse>, ValidationProblem, ProblemHttpResult>> RecordPayment(
        Guid id, PaymentRequest request, HttpContext http, InvoiceSettlement settlement, FlowStartOutbox flowStarts, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(() => IdempotentPost.RunAsync(http, http.ResourceCompany(), request, async transaction =>
        {
            var (invoice, payment) = await settlement.RecordPaymentAsync(transaction, id, request.ToInput(), cancellationToken);
            await flowStarts.AppendAsync(transaction, new StartFlowRequest(InvoiceFlows.MarkPaidId,
                new JsonObject { ["invoiceId"] = id.ToString(), ["paymentId"] = payment.Id.ToString() },
                invoice.CompanyCode, id.ToString(), InstanceId: MarkPaidInstanceId(payment.Id)), cancellationToken);
            return new IdempotentAnswer<RecordedPaymentResponse>(StatusCodes.Status201Created, $"/api/invoices/{id}/payments",
                new RecordedPaymentResponse(PaymentResponse.From(payment), InvoiceResponse.From(invoice)));
        }, answer => TypedResults.Created(answer.Location, answer.Value), cancellationToken));

    private static Task<Results<Created<InvoiceResponse>, ValidationProblem, ProblemHttpResult>> CreateCreditNote(
        Guid id, CreditNoteRequest request, HttpContext http, InvoiceSettlement settlement, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(() => IdempotentPost.RunAsync(http, http.ResourceCompany(), request, async transaction =>
        {
            var creditNote = await settlement.CreateCreditNoteAsync(transaction, id, request.ToInput(), cancellationToken);
            return new IdempotentAnswer<InvoiceResponse>(StatusCodes.Status201Created, $"/api/invoices/{creditNote.Id}", InvoiceResponse.From(creditNote));
        }, answer => TypedResults.Created(answer.Location, answer.Value), cancellationToken));
}
