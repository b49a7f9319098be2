using System.Text.RegularExpressions;

namespace Finance.Core.Banking.Statements;

/// <summary>The message type and version a camt Document's namespace names (urn:iso:std:iso:20022:tech:xsd:camt.053.001.04).</summary>
internal sealed partial record CamtVersion(int Message, int Version)
{
    // ISO 20022 has published camt.052/053/054 versions .001.01 to .001.13; their Ntry blocks differ only in what we do not
    // read or in names CamtXml looks up by local name, so every one of them is accepted.
    private const int LatestVersion = 13;

    public string Format => $"camt.{Message:000}.001.{Version:00}";

    public StatementKind Kind => Message switch
    {
        52 => StatementKind.Report,
        53 => StatementKind.Statement,
        _ => StatementKind.Notification,
    };

    /// <summary>The message element under Document and the name of its statement blocks.</summary>
    public (string Message, string Block) Elements => Message switch
    {
        52 => ("BkToCstmrAcctRpt", "Rpt"),
        53 => ("BkToCstmrStmt", "Stmt"),
        _ => ("BkToCstmrDbtCdtNtfctn", "Ntfctn"),
    };

    public static CamtVersion FromNamespace(string ns)
    {
        var match = CamtNamespace().Match(ns);
        if (!match.Success)
        {
            var shown = ns.Length == 0 ? "no namespace" : $"the namespace '{(ns.Length > 80 ? ns[..80] : ns)}'";
            throw new StatementRejectedException(StatementRejection.NotCamt,
                $"The XML file is not a camt.052, camt.053 or camt.054 bank message: its Document has {shown}.");
        }
        var message = int.Parse(match.Groups["m"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var version = int.Parse(match.Groups["v"].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (message is < 52 or > 54)
        {
            throw new StatementRejectedException(StatementRejection.NotCamt,
                $"camt.{message:000} is not a bank statement message (camt.052, camt.053 and camt.054 are).");
        }
        if (version is < 1 or > LatestVersion)
        {
            throw new StatementRejectedException(StatementRejection.UnsupportedVersion,
                $"camt.{message:000}.001.{version:00} is not a version we read (.001.01 to .001.{LatestVersion:00}).");
        }
        return new CamtVersion(message, version);
    }

    [GeneratedRegex(@"^urn:iso:std:iso:20022:tech:xsd:camt\.(?<m>\d{3})\.001\.(?<v>\d{2})$")]
    private static partial Regex CamtNamespace();
}
