using Finance.Core.Invoicing.QrBill;

namespace Finance.Core.Payables.Payments;

/// <summary>
/// What would make a <see cref="PaymentRunFile"/> an invalid pain.001.001.09 file under the Swiss Payment Standards
/// (SPS IG Credit Transfer 2.x, "Swiss Implementation Guidelines for Customer-Bank Messages, Credit Transfer"), checked
/// before writing. Group header and debtor here, each transfer in <see cref="TransferRules"/>.
/// </summary>
public static class Pain001Rules
{
    public const int MaxIdLength = 35;
    public const int MaxNameLength = 70;

    /// <summary>Every problem as "field: message"; empty when the file can be written.</summary>
    public static IReadOnlyList<string> Check(PaymentRunFile run) => [.. Issues(run).Select(i => i.ToString())];

    /// <summary>Every problem with the field it concerns.</summary>
    public static IReadOnlyList<Pain001Issue> Issues(PaymentRunFile run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var issues = new IssueList();
        Header(run, issues);
        Debtor(run.Debtor, issues);
        TransferRules.Check(run.Transfers ?? [], issues);
        return issues.Items;
    }

    /// <summary>GrpHdr. MsgId: Max35Text, SPS character set (uniqueness across files is the caller's; the bank refuses a
    /// repeated MsgId). NbOfTxs: ISO 20022 requires at least one CdtTrfTxInf. CreDtTm, NbOfTxs and CtrlSum are computed
    /// by the writer, so only their inputs are checked.</summary>
    private static void Header(PaymentRunFile run, IssueList issues)
    {
        issues.Text("messageId", "", "GrpHdr/MsgId", run.MessageId, MaxIdLength, required: true);
        if (run.CreatedAt == default) issues.Add("createdAt", "GrpHdr/CreDtTm is required.");
        if (run.RequestedExecutionDate == default) issues.Add("requestedExecutionDate", "PmtInf/ReqdExctnDt/Dt is required.");
        if (run.Transfers is null || run.Transfers.Count == 0)
            issues.Add("transfers", "A payment file needs at least one transfer (GrpHdr/NbOfTxs ≥ 1).");
    }

    /// <summary>Dbtr, DbtrAcct, DbtrAgt and InitgPty. Names Max70Text (SPS IG shortens ISO's 140); DbtrAcct/Id/IBAN a valid
    /// IBAN (ISO 13616) and not a QR-IBAN, which only receives QR payments (SIX IG QR-bill 2.3, "QR-IBAN"); BICFI the
    /// XSD's BICFIDec2014Identifier pattern.</summary>
    private static void Debtor(PaymentDebtor? debtor, IssueList issues)
    {
        if (debtor is null)
        {
            issues.Add("debtor", "Dbtr is required.");
            return;
        }
        issues.Text("debtor.name", "", "Dbtr/Nm and InitgPty/Nm", debtor.Name, MaxNameLength, required: true);
        if (!Iban.TryParse(debtor.Iban, out var iban)) issues.Add("debtor.iban", $"DbtrAcct/Id/IBAN '{debtor.Iban}' is not a valid IBAN.");
        else if (iban.IsQrIban) issues.Add("debtor.iban", $"DbtrAcct/Id/IBAN '{iban.Value}' is a QR-IBAN, which cannot be debited.");
        if (debtor.Bic is { } bic && !SpsText.Bic().IsMatch(bic))
            issues.Add("debtor.bic", $"DbtrAgt/FinInstnId/BICFI '{bic}' is not a BIC (8 or 11 letters and digits).");
        issues.Address("debtor.address", "", "Dbtr/PstlAdr", debtor.Address);
    }
}
