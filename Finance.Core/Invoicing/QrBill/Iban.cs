using System.Diagnostics.CodeAnalysis;

namespace Finance.Core.Invoicing.QrBill;

/// <summary>International Bank Account Number (ISO 13616), held in electronic form (no spaces).</summary>
public sealed record Iban
{
    private Iban(string value) => Value = value;

    /// <summary>Electronic form: upper case, no separators, e.g. <c>CH4431999123000889012</c>.</summary>
    public string Value { get; }

    public string CountryCode => Value[..2];

    /// <summary>QR-IBAN: a CH/LI IBAN whose institution id (IID, positions 5–9) lies in 30000–31999
    /// (SIX IG QR-bill 2.3, "QR-IBAN"). Only QR-IBANs may carry a QR reference.</summary>
    public bool IsQrIban =>
        CountryCode is "CH" or "LI" && int.TryParse(Value.AsSpan(4, 5), out var iid) && iid is >= 30000 and <= 31999;

    /// <summary>Print form in groups of four (ISO 13616-1; SIX IG QR-bill 2.3, "Payment part").</summary>
    public string Formatted => Grouping.InBlocks(Value, 4, fromEnd: false);

    public override string ToString() => Value;

    public static Iban Parse(string text) =>
        TryParse(text, out var iban) ? iban : throw new FormatException($"'{text}' is not a valid IBAN.");

    public static bool IsValid(string? text) => TryParse(text, out _);

    public static bool TryParse(string? text, [NotNullWhen(true)] out Iban? iban)
    {
        iban = null;
        if (text is null) return false;
        var value = Normalize(text);
        if (value.Length < 5 || !char.IsAsciiLetterUpper(value[0]) || !char.IsAsciiLetterUpper(value[1])) return false;
        if (!char.IsAsciiDigit(value[2]) || !char.IsAsciiDigit(value[3])) return false;
        var country = value[..2];
        if (IbanRegistry.IbanLength(country) != value.Length) return false;
        if (!IbanRegistry.BbanMatches(country, value.AsSpan(4))) return false;
        if (!Mod97.HasValidCheckDigits(value)) return false;
        iban = new Iban(value);
        return true;
    }

    /// <summary>Removes what people and old systems put around an IBAN: an "IBAN" prefix (with an
    /// optional colon), spaces, dashes and dots. Anything else stays, so that the check rejects it.</summary>
    public static string Normalize(string text)
    {
        var s = text.Trim();
        if (s.StartsWith("IBAN", StringComparison.OrdinalIgnoreCase)) s = s[4..].TrimStart(':', ' ');
        var chars = s.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '–' or '.')).ToArray();
        return new string(chars).ToUpperInvariant();
    }
}
