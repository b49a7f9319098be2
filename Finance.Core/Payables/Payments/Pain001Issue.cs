namespace Finance.Core.Payables.Payments;

/// <summary>One reason a run cannot become a valid pain.001 file. <see cref="Field"/> is a path into the
/// <see cref="PaymentRunFile"/> (e.g. <c>transfers[2].amount</c>); for a transfer, <see cref="Message"/> starts with its
/// EndToEndId and names the pain.001 element.</summary>
public sealed record Pain001Issue(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>Collects issues; the text checks every pain.001 field shares.</summary>
internal sealed class IssueList
{
    private readonly List<Pain001Issue> _issues = [];

    public IReadOnlyList<Pain001Issue> Items => _issues;

    public void Add(string field, string message) => _issues.Add(new(field, message));

    /// <summary>A Max{n}Text element (ISO 20022 pain.001.001.09 XSD; the SPS IG shortens names to 70): mandatory ones
    /// not blank, at most <paramref name="max"/> characters, only the SPS character set. Optional blank values are
    /// left out of the file, so they pass.</summary>
    public void Text(string field, string subject, string element, string? value, int max, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) Add(field, $"{subject}{element} is required.");
            return;
        }
        if (value.Length > max) Add(field, $"{subject}{element} has {value.Length} characters; at most {max} are allowed.");
        if (SpsText.FirstForbidden(value) is { } bad)
            Add(field, $"{subject}{element} contains {bad}, which is outside the Swiss Payment Standards character set.");
    }

    /// <summary>A structured <c>PstlAdr</c> (SPS IG 2.x: structured address; when one is given, <c>TwnNm</c> and
    /// <c>Ctry</c> are mandatory). Lengths are PostalAddress24's: StrtNm 70, BldgNb 16, PstCd 16, TwnNm 35.</summary>
    public void Address(string field, string subject, string element, PostalAddress? address)
    {
        if (address is null) return;
        Text($"{field}.street", subject, $"{element}/StrtNm", address.Street, 70, required: false);
        Text($"{field}.buildingNumber", subject, $"{element}/BldgNb", address.BuildingNumber, 16, required: false);
        Text($"{field}.postCode", subject, $"{element}/PstCd", address.PostCode, 16, required: false);
        Text($"{field}.town", subject, $"{element}/TwnNm", address.Town, 35, required: true);
        if (string.IsNullOrWhiteSpace(address.Country)) Add($"{field}.country", $"{subject}{element}/Ctry is required when an address is given.");
        else if (!SpsText.CountryCode().IsMatch(address.Country))
            Add($"{field}.country", $"{subject}{element}/Ctry '{address.Country}' is not an ISO 3166 alpha-2 country code.");
    }
}
