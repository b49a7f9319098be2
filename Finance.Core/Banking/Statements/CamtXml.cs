using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Finance.Core.Banking.Statements;

/// <summary>
/// Element lookups by local name: every camt version has its own namespace but the same element names for what we
/// read, so one reader serves camt.052/053/054 .001.01 to .001.13. Values that break the schema's type are refused.
/// </summary>
internal static partial class CamtXml
{
    public static XElement? Child(this XElement? parent, string name)
    {
        if (parent is null) return null;
        foreach (var child in parent.Elements())
        {
            if (child.Name.LocalName == name) return child;
        }
        return null;
    }

    public static XElement? Path(this XElement? parent, params ReadOnlySpan<string> names)
    {
        var current = parent;
        foreach (var name in names) current = current.Child(name);
        return current;
    }

    public static IEnumerable<XElement> Children(this XElement? parent, string name) =>
        parent is null ? [] : parent.Elements().Where(e => e.Name.LocalName == name);

    public static string? Text(this XElement? parent, params ReadOnlySpan<string> names)
    {
        var value = parent.Path(names)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public static string Required(this XElement parent, params ReadOnlySpan<string> names) =>
        parent.Text(names) ?? throw Missing(parent, string.Join('/', names.ToArray()));

    public static StatementRejectedException Missing(XElement parent, string what) =>
        new(StatementRejection.MissingField, $"The camt element {PathOf(parent)}/{what} is required but missing or empty.");

    public static StatementRejectedException Invalid(XElement element, string value, string expected) =>
        new(StatementRejection.InvalidValue, $"The camt element {PathOf(element)} holds '{Shorten(value)}', which is not {expected}.");

    /// <summary>ISO 20022 ActiveOrHistoricCurrencyAndAmount: a decimal with "." and an ISO 4217 Ccy attribute.</summary>
    public static StatementMoney? Money(this XElement? amount)
    {
        if (amount is null) return null;
        var currency = amount.Attribute("Ccy")?.Value.Trim();
        if (string.IsNullOrEmpty(currency)) throw Missing(amount, "@Ccy");
        if (!CurrencyCode().IsMatch(currency)) throw Invalid(amount, currency, "an ISO 4217 currency code");
        return new StatementMoney(Decimal(amount), currency);
    }

    public static decimal Decimal(XElement element)
    {
        var text = element.Value.Trim();
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(element, text, "a decimal amount");
    }

    /// <summary>CRDT is +1, DBIT −1 (ISO 20022 CreditDebitCode); anything else is refused.</summary>
    public static int Sign(XElement parent, bool required = true)
    {
        var indicator = parent.Child("CdtDbtInd");
        if (indicator is null) return required ? throw Missing(parent, "CdtDbtInd") : 0;
        return indicator.Value.Trim() switch
        {
            "CRDT" => 1,
            "DBIT" => -1,
            var other => throw Invalid(indicator, other, "CRDT or DBIT"),
        };
    }

    /// <summary>DateAndDateTime2Choice: Dt, or DtTm whose calendar date is taken as the bank wrote it.</summary>
    public static DateOnly? DateChoice(this XElement? choice)
    {
        if (choice is null) return null;
        if (choice.Child("Dt") is { } dt) return Date(dt);
        return choice.Child("DtTm") is { } dtTm ? DateOnly.FromDateTime(DateTime(dtTm).DateTime) : null;
    }

    public static DateOnly Date(XElement element)
    {
        var text = element.Value.Trim();
        // ISODate; some banks append an offset ("2015-01-02+01:00"), which XML Schema allows.
        var datePart = text.Length > 10 ? text[..10] : text;
        return DateOnly.TryParseExact(datePart, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw Invalid(element, text, "an ISO date");
    }

    public static DateTimeOffset? DateTimeOrNull(this XElement? element) => element is null ? null : DateTime(element);

    /// <summary>
    /// ISODateTime. .NET reads at most 7 fraction digits, banks send up to 9 ("06:10:29.000000000"), so the rest is cut.
    /// A time without an offset is read as UTC: the schema leaves it local to an unnamed zone, so no better guess exists.
    /// Milliseconds after a colon ("11:17:11:735", seen in German bank exports) are read as a fraction.
    /// </summary>
    public static DateTimeOffset DateTime(XElement element)
    {
        var text = element.Value.Trim();
        var match = IsoDateTime().Match(text);
        if (!match.Success) throw Invalid(element, text, "an ISO date-time");
        var fraction = match.Groups["f"].Value;
        fraction = fraction.Length == 0 ? "" : "." + (fraction.Length > 7 ? fraction[..7] : fraction);
        var zone = match.Groups["z"].Value;
        zone = zone is "" or "Z" ? "+00:00" : zone;
        var normalised = match.Groups["dt"].Value + fraction + zone;
        return DateTimeOffset.TryParse(normalised, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw Invalid(element, text, "an ISO date-time");
    }

    private static string PathOf(XElement element)
    {
        var names = element.AncestorsAndSelf().Reverse().Select(e => e.Name.LocalName);
        return string.Join('/', names);
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();

    [GeneratedRegex(@"^(?<dt>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:[.:](?<f>\d+))?(?<z>Z|[+-]\d{2}:\d{2})?$")]
    private static partial Regex IsoDateTime();
}
