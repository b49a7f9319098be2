namespace Finance.Core.Integrations.InvoiceNinja;

public enum NinjaSyncAction { CreateHere, UpdateHere, PushPaymentThere, Skip, Conflict }

/// <summary>Our copy of an invoice that came from Invoice Ninja: its id there, when we last changed it, and what we hold.</summary>
public sealed record OurNinjaInvoice(string ExternalId, DateTimeOffset UpdatedAt, decimal Amount, NinjaInvoiceStatus Status, bool HasPaymentRecordedHere);

/// <summary>A payment recorded here against an Invoice Ninja invoice.</summary>
public sealed record OurNinjaPayment(string PaymentId, string InvoiceExternalId, decimal Amount);

/// <summary>One decision; <see cref="Id"/> is the invoice's id there, or our payment id for a payment.</summary>
public sealed record NinjaSyncDecision(string Id, NinjaSyncAction Action, string Reason);

/// <summary>
/// Decides, without I/O, what one sync run does with each record. The <c>cursor</c> is when the previous run read
/// Invoice Ninja; "changed" means updated after it.
/// <para>The conflict rule. Invoices are made in Invoice Ninja and owned there: when the two copies differ (amount or
/// status), theirs wins and is copied here, unless we have recorded a payment on the invoice (the payment was made against
/// our amount; silently changing that amount would misstate what is owed) or both sides changed since the cursor (neither
/// change can be assumed to include the other). Those two cases are conflicts, kept for a person to review. Copies that
/// agree are skipped, whoever changed them. Payments recorded here are ours: each is pushed once, and one whose id already
/// sits on a payment there (<see cref="InvoiceNinjaOptions.PaymentIdCustomField"/>) is skipped.</para>
/// <para>Clients follow the same rule (<see cref="DecideClient"/>): Invoice Ninja owns them, a change there is copied here,
/// a change on both sides since the cursor is a conflict. "Changed here" means changed by someone other than the sync,
/// whose own writes are stamped with the run's read time (so they are never after the next cursor). The sync leaves a
/// record with an open conflict alone until the conflict is resolved.</para>
/// </summary>
public static class NinjaSyncPlanner
{
    public static IReadOnlyList<NinjaSyncDecision> Plan(
        DateTimeOffset cursor,
        IReadOnlyCollection<OurNinjaInvoice> ourInvoices,
        IReadOnlyCollection<NinjaInvoice> theirInvoices,
        IReadOnlyCollection<OurNinjaPayment> ourPayments,
        IReadOnlyCollection<NinjaPayment> theirPayments,
        int paymentIdCustomField)
    {
        ArgumentNullException.ThrowIfNull(ourInvoices);
        ArgumentNullException.ThrowIfNull(theirInvoices);
        ArgumentNullException.ThrowIfNull(ourPayments);
        ArgumentNullException.ThrowIfNull(theirPayments);
        var ours = ourInvoices.ToDictionary(i => i.ExternalId, StringComparer.Ordinal);
        var decisions = theirInvoices.Where(t => !t.IsDeleted).Select(t => Decide(cursor, ours.GetValueOrDefault(t.Id), t)).ToList();
        var pushed = theirPayments.Where(p => !p.IsDeleted).Select(p => p.CustomValue(paymentIdCustomField)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        decisions.AddRange(ourPayments.Select(p => pushed.Contains(p.PaymentId)
            ? new NinjaSyncDecision(p.PaymentId, NinjaSyncAction.Skip, "already pushed")
            : new NinjaSyncDecision(p.PaymentId, NinjaSyncAction.PushPaymentThere, $"recorded here against {p.InvoiceExternalId}")));
        return decisions;
    }

    /// <param name="cursor">When the previous run read Invoice Ninja.</param>
    /// <param name="ourUpdatedAt">When our customer was last changed; null when there is no copy here yet.</param>
    /// <param name="agrees">Whether our customer already holds what the client there says.</param>
    /// <param name="theirs">The client there.</param>
    public static NinjaSyncDecision DecideClient(DateTimeOffset cursor, DateTimeOffset? ourUpdatedAt, bool agrees, NinjaClient theirs)
    {
        ArgumentNullException.ThrowIfNull(theirs);
        if (ourUpdatedAt is not { } updatedHere) return new(theirs.Id, NinjaSyncAction.CreateHere, "new in Invoice Ninja");
        if (agrees) return new(theirs.Id, NinjaSyncAction.Skip, "copies agree");
        if (theirs.UpdatedAt > cursor && updatedHere > cursor) return new(theirs.Id, NinjaSyncAction.Conflict, "changed on both sides since the last sync");
        return new(theirs.Id, NinjaSyncAction.UpdateHere, "Invoice Ninja owns its clients");
    }

    public static NinjaSyncDecision Decide(DateTimeOffset cursor, OurNinjaInvoice? ours, NinjaInvoice theirs)
    {
        ArgumentNullException.ThrowIfNull(theirs);
        if (ours is null) return new(theirs.Id, NinjaSyncAction.CreateHere, "new in Invoice Ninja");
        if (ours.Amount == theirs.Amount && ours.Status == theirs.Status) return new(theirs.Id, NinjaSyncAction.Skip, "copies agree");
        var changedThere = theirs.UpdatedAt > cursor;
        var changedHere = ours.UpdatedAt > cursor;
        if (changedThere && changedHere) return new(theirs.Id, NinjaSyncAction.Conflict, "changed on both sides since the last sync");
        if (ours.HasPaymentRecordedHere && ours.Amount != theirs.Amount)
            return new(theirs.Id, NinjaSyncAction.Conflict, $"amount {theirs.Amount} there, {ours.Amount} here, and a payment is recorded here");
        return new(theirs.Id, NinjaSyncAction.UpdateHere, "Invoice Ninja owns its invoices");
    }
}
