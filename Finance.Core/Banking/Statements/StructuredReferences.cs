using Finance.Core.Invoicing.QrBill;

namespace Finance.Core.Banking.Statements;

/// <summary>Classifies creditor references with the QR-bill validators, so statements and invoices agree on what is valid.</summary>
public static class StructuredReferences
{
    /// <summary>
    /// The declared type wins: Cd SCOR (ISO 20022 DocumentType3Code), Prtry QRR (SIX SPS 2.0 camt guidelines, "QRR" for a
    /// QR reference). Undeclared or other types are recognised by shape and check digit, which is what a Swiss bank's
    /// older "ISR Reference" proprietary type carries (same 27-digit mod 10 reference).
    /// </summary>
    public static StructuredReference Classify(string value, string? declaredType)
    {
        var trimmed = value.Trim();
        var kind = declaredType?.Trim().ToUpperInvariant() switch
        {
            "SCOR" => ReferenceKind.Scor,
            "QRR" => ReferenceKind.Qrr,
            _ when QrReference.IsValid(trimmed) => ReferenceKind.Qrr,
            _ when CreditorReference.IsValid(trimmed) => ReferenceKind.Scor,
            _ => ReferenceKind.Other,
        };
        var valid = kind switch
        {
            ReferenceKind.Qrr => QrReference.IsValid(trimmed),
            ReferenceKind.Scor => CreditorReference.IsValid(trimmed),
            _ => false,
        };
        return new StructuredReference(trimmed, kind, declaredType, valid);
    }
}
