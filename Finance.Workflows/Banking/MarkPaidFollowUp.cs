using Finance.Core.Invoicing;
using Finance.Core.Reconciliation;
using Finance.Workflows.Engines;
using Finance.Workflows.Invoicing;

namespace Finance.Workflows.Banking;

/// <summary>A payment the reconciliation recorded starts <c>invoice.mark-paid</c> in the same transaction (ends the dunning when paid in full).</summary>
internal sealed class MarkPaidFollowUp(FlowStartOutbox flowStarts) : IPaymentFollowUp
{
    public Task AfterPaymentAsync(Npgsql.NpgsqlTransaction transaction, Invoice invoice, Payment payment, Guid bankTransactionId,
        CancellationToken cancellationToken) =>
        flowStarts.AppendAsync(transaction, new StartFlowRequest(InvoiceFlows.MarkPaidId, new()
        {
            ["invoiceId"] = invoice.Id.ToString(), ["paymentId"] = payment.Id.ToString(), ["transactionId"] = bankTransactionId.ToString(),
        }, invoice.CompanyCode, invoice.Id.ToString(), InstanceId: InvoiceFlows.MarkPaidInstanceId(payment.Id)), cancellationToken);
}
