namespace Finance.Core.Payables.Payments;

/// <summary>The transfers of one <c>PmtInf</c> (payment information, "B level").</summary>
internal sealed record PaymentGroup(string PaymentInformationId, bool QrPayments, string Currency, DateOnly ExecutionDate,
    IReadOnlyList<CreditTransfer> Transfers)
{
    public decimal ControlSum => Transfers.Sum(t => t.Amount);
}

/// <summary>Splits a run into <c>PmtInf</c> groups, in the order of each group's first transfer.</summary>
/// <remarks>
/// SPS IG Credit Transfer (pain.001.001.09): every B level has one debtor account, one requested execution date and one
/// batch-booking choice, so with <c>BtchBookg</c> true the debtor sees one debit per B level — which only makes sense in
/// one currency. QR payments (QR-IBAN + QRR) also get B levels of their own: the IG lets banks process them as a payment
/// type apart, and a separate B level is valid under every reading of the grouping rules, a mixed one is not.
/// </remarks>
internal static class PaymentGroups
{
    public const int MaxIdLength = 35;

    public static IReadOnlyList<PaymentGroup> Of(PaymentRunFile run)
    {
        var groups = run.Transfers
            .GroupBy(t => (Qr: t.RemittanceKind == RemittanceKind.Qrr, t.Currency))
            .ToList();
        return [.. groups.Select((g, i) => new PaymentGroup(PaymentInformationId(run.MessageId, i + 1, groups.Count),
            g.Key.Qr, g.Key.Currency, run.RequestedExecutionDate, [.. g]))];
    }

    /// <summary>"{MsgId}-{n}", the message id shortened so that the whole stays within Max35Text and unique in the file
    /// (SPS IG: PmtInfId unique within the message).</summary>
    public static string PaymentInformationId(string messageId, int number, int count)
    {
        var suffix = "-" + number.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length, '0');
        var prefix = messageId.Trim();
        return prefix[..Math.Min(prefix.Length, MaxIdLength - suffix.Length)] + suffix;
    }
}
