using System.Globalization;
using Finance.Core.Invoicing.QrBill;

namespace Finance.Core.Payables.Payments;

/// <summary>The checks on each <c>CdtTrfTxInf</c>. Every message starts with the transfer's EndToEndId and names the
/// pain.001 element, so whoever fixes the run knows which payment and which field.</summary>
internal static class TransferRules
{
    /// <summary>SPS IG: InstdAmt of a CHF or EUR transfer has at most 2 decimals and is at most 999'999'999.99.</summary>
    public const decimal MaxAmount = 999_999_999.99m;

    /// <summary>SPS IG: RmtInf/Ustrd and Strd/AddtlRmtInf are Max140Text.</summary>
    public const int MaxRemittanceText = 140;

    private static readonly string[] Currencies = ["CHF", "EUR"];

    public static void Check(IReadOnlyList<CreditTransfer> transfers, IssueList issues)
    {
        var endToEndIds = new HashSet<string>(StringComparer.Ordinal);
        var instructionIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < transfers.Count; i++)
        {
            var t = transfers[i];
            var field = $"transfers[{i}]";
            if (t is null)
            {
                issues.Add(field, $"Transfer #{i + 1} is missing.");
                continue;
            }
            var who = string.IsNullOrWhiteSpace(t.EndToEndId) ? $"Transfer #{i + 1}: " : $"Transfer '{t.EndToEndId}': ";
            Identifiers(t, field, who, endToEndIds, instructionIds, issues);
            Amount(t, field, who, issues);
            issues.Text($"{field}.creditorName", who, "Cdtr/Nm", t.CreditorName, Pain001Rules.MaxNameLength, required: true);
            issues.Address($"{field}.creditorAddress", who, "Cdtr/PstlAdr", t.CreditorAddress);
            Remittance(t, field, who, issues);
        }
    }

    /// <summary>PmtId/EndToEndId: mandatory Max35Text, unique in the file (SPS IG: the EndToEndId travels to the creditor
    /// and back in camt.054, so it must identify one transfer). PmtId/InstrId: optional Max35Text, unique in the file.</summary>
    private static void Identifiers(CreditTransfer t, string field, string who, HashSet<string> endToEndIds, HashSet<string> instructionIds,
        IssueList issues)
    {
        issues.Text($"{field}.endToEndId", who, "PmtId/EndToEndId", t.EndToEndId, Pain001Rules.MaxIdLength, required: true);
        if (!string.IsNullOrWhiteSpace(t.EndToEndId) && !endToEndIds.Add(t.EndToEndId))
            issues.Add($"{field}.endToEndId", $"{who}PmtId/EndToEndId is used by another transfer in this file.");
        issues.Text($"{field}.instructionId", who, "PmtId/InstrId", t.InstructionId, Pain001Rules.MaxIdLength, required: false);
        if (!string.IsNullOrWhiteSpace(t.InstructionId) && !instructionIds.Add(t.InstructionId))
            issues.Add($"{field}.instructionId", $"{who}PmtId/InstrId is used by another transfer in this file.");
    }

    /// <summary>Amt/InstdAmt and its Ccy: SPS IG allows CHF and EUR here (the only currencies this system pays in), an
    /// amount greater than zero with at most 2 decimals, at most 999'999'999.99.</summary>
    private static void Amount(CreditTransfer t, string field, string who, IssueList issues)
    {
        if (!Currencies.Contains(t.Currency, StringComparer.Ordinal))
            issues.Add($"{field}.currency", $"{who}Amt/InstdAmt/@Ccy '{t.Currency}' is not allowed; only CHF and EUR are.");
        var shown = t.Amount.ToString(CultureInfo.InvariantCulture);
        if (t.Amount <= 0) issues.Add($"{field}.amount", $"{who}Amt/InstdAmt {shown} must be greater than zero.");
        else if (t.Amount > MaxAmount) issues.Add($"{field}.amount", $"{who}Amt/InstdAmt {shown} exceeds 999'999'999.99.");
        if (decimal.Round(t.Amount, 2) != t.Amount) issues.Add($"{field}.amount", $"{who}Amt/InstdAmt {shown} has more than 2 decimals.");
    }

    /// <summary>CdtrAcct/Id/IBAN and RmtInf. The IBAN is valid (ISO 13616 check digits and the registry's BBAN shape).
    /// SPS IG / SIX IG QR-bill 2.3: a QR-IBAN (IID 30000–31999) requires a QRR reference (Strd/CdtrRefInf, Prtry QRR,
    /// 27 digits, mod-10 recursive) and an ordinary IBAN must not carry one; SCOR is ISO 11649 (Cd SCOR); otherwise
    /// Ustrd of at most 140 characters, or nothing.</summary>
    private static void Remittance(CreditTransfer t, string field, string who, IssueList issues)
    {
        var iban = Iban.TryParse(t.CreditorIban, out var parsed) ? parsed : null;
        if (iban is null) issues.Add($"{field}.creditorIban", $"{who}CdtrAcct/Id/IBAN '{t.CreditorIban}' is not a valid IBAN.");
        var hasReference = !string.IsNullOrWhiteSpace(t.Reference);
        switch (t.RemittanceKind)
        {
            case RemittanceKind.Qrr:
                if (!hasReference) issues.Add($"{field}.reference", $"{who}RmtInf/Strd/CdtrRefInf/Ref is required for a QRR reference.");
                else if (!QrReference.IsValid(t.Reference))
                    issues.Add($"{field}.reference", $"{who}RmtInf/Strd/CdtrRefInf/Ref '{t.Reference}' is not a QR reference (27 digits, mod-10 recursive check digit).");
                if (iban is { IsQrIban: false })
                    issues.Add($"{field}.creditorIban", $"{who}CdtrAcct/Id/IBAN '{iban.Value}' is not a QR-IBAN; a QRR reference is only allowed with a QR-IBAN.");
                break;
            case RemittanceKind.Scor:
                if (!hasReference) issues.Add($"{field}.reference", $"{who}RmtInf/Strd/CdtrRefInf/Ref is required for a SCOR reference.");
                else if (!CreditorReference.IsValid(t.Reference))
                    issues.Add($"{field}.reference", $"{who}RmtInf/Strd/CdtrRefInf/Ref '{t.Reference}' is not an ISO 11649 creditor reference (RF, mod 97).");
                break;
            case RemittanceKind.Unstructured or RemittanceKind.None:
                if (hasReference)
                    issues.Add($"{field}.reference", $"{who}a reference needs RemittanceKind Qrr or Scor; {t.RemittanceKind} carries none.");
                break;
            default:
                issues.Add($"{field}.remittanceKind", $"{who}RemittanceKind {t.RemittanceKind} is unknown.");
                break;
        }
        if (iban is { IsQrIban: true } && t.RemittanceKind != RemittanceKind.Qrr)
            issues.Add($"{field}.reference", $"{who}CdtrAcct/Id/IBAN '{iban.Value}' is a QR-IBAN, which requires a QRR reference (RmtInf/Strd/CdtrRefInf/Tp/CdOrPrtry/Prtry QRR), not {t.RemittanceKind}.");
        RemittanceText(t, field, who, issues);
    }

    /// <summary>Ustrd for <see cref="RemittanceKind.Unstructured"/> (mandatory then), Strd/AddtlRmtInf beside a QRR or SCOR
    /// reference (SPS IG 2.x: the QR-bill's unstructured message goes there), none without remittance information.</summary>
    private static void RemittanceText(CreditTransfer t, string field, string who, IssueList issues)
    {
        var element = t.RemittanceKind == RemittanceKind.Unstructured ? "RmtInf/Ustrd" : "RmtInf/Strd/AddtlRmtInf";
        if (t.RemittanceKind == RemittanceKind.None && !string.IsNullOrWhiteSpace(t.UnstructuredText))
            issues.Add($"{field}.unstructuredText", $"{who}RemittanceKind None carries no text; use Unstructured for RmtInf/Ustrd.");
        else
            issues.Text($"{field}.unstructuredText", who, element, t.UnstructuredText, MaxRemittanceText,
                required: t.RemittanceKind == RemittanceKind.Unstructured);
    }
}
