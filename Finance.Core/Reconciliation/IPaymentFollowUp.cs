using Finance.Core.Invoicing;
using Npgsql;

namespace Finance.Core.Reconciliation;

/// <summary>
/// What must follow a payment the reconciliation recorded, in its transaction: the flows start <c>invoice.mark-paid</c>
/// (ending the dunning). Core knows no engine, so the flows module implements this seam.
/// </summary>
public interface IPaymentFollowUp
{
    Task AfterPaymentAsync(NpgsqlTransaction transaction, Invoice invoice, Payment payment, Guid bankTransactionId, CancellationToken cancellationToken);
}
