using System.Xml.Linq;

namespace Finance.Tests.Payables.Payments;

/// <summary>
/// An XSD-free check of the pain.001.001.09 structure: every element's children are known, in the XSD's sequence order,
/// mandatory ones present, choices holding exactly one, leaves non-empty. The sequences are copied from the ISO 20022
/// message definition for the elements we write (no XSD is available here); an element we start to write must be added.
/// </summary>
internal static class Pain001Structure
{
    private static readonly string[] Party = ["Nm", "PstlAdr", "Id", "CtryOfRes", "CtctDtls"];
    private static readonly string[] Account = ["Id", "Tp", "Ccy", "Nm", "Prxy"];

    private static readonly Dictionary<string, string[]> Sequences = new(StringComparer.Ordinal)
    {
        ["Document"] = ["CstmrCdtTrfInitn"],
        ["CstmrCdtTrfInitn"] = ["GrpHdr", "PmtInf", "SplmtryData"],
        ["GrpHdr"] = ["MsgId", "CreDtTm", "Authstn", "NbOfTxs", "CtrlSum", "InitgPty", "FwdgAgt"],
        ["PmtInf"] = ["PmtInfId", "PmtMtd", "BtchBookg", "NbOfTxs", "CtrlSum", "PmtTpInf", "ReqdExctnDt", "PoolgAdjstmntDt", "Dbtr",
            "DbtrAcct", "DbtrAgt", "DbtrAgtAcct", "InstrForDbtrAgt", "UltmtDbtr", "ChrgBr", "ChrgsAcct", "ChrgsAcctAgt", "CdtTrfTxInf"],
        ["CdtTrfTxInf"] = ["PmtId", "PmtTpInf", "Amt", "XchgRateInf", "ChrgBr", "ChqInstr", "UltmtDbtr", "IntrmyAgt1", "IntrmyAgt1Acct",
            "IntrmyAgt2", "IntrmyAgt2Acct", "IntrmyAgt3", "IntrmyAgt3Acct", "CdtrAgt", "CdtrAgtAcct", "Cdtr", "CdtrAcct", "UltmtCdtr",
            "InstrForCdtrAgt", "InstrForDbtrAgt", "Purp", "RgltryRptg", "Tax", "RltdRmtInf", "RmtInf", "SplmtryData"],
        ["PmtId"] = ["InstrId", "EndToEndId", "UETR"],
        ["Amt"] = ["InstdAmt", "EqvtAmt"],
        ["InitgPty"] = Party, ["Dbtr"] = Party, ["Cdtr"] = Party,
        ["PstlAdr"] = ["AdrTp", "Dept", "SubDept", "StrtNm", "BldgNb", "BldgNm", "Flr", "PstBx", "Room", "PstCd", "TwnNm", "TwnLctnNm",
            "DstrctNm", "CtrySubDvsn", "Ctry", "AdrLine"],
        ["DbtrAcct"] = Account, ["CdtrAcct"] = Account,
        ["DbtrAcct/Id"] = ["IBAN", "Othr"], ["CdtrAcct/Id"] = ["IBAN", "Othr"],
        ["ReqdExctnDt"] = ["Dt", "DtTm"],
        ["DbtrAgt"] = ["FinInstnId", "BrnchId"],
        ["FinInstnId"] = ["BICFI", "ClrSysMmbId", "LEI", "Nm", "PstlAdr", "Othr"],
        ["FinInstnId/Othr"] = ["Id", "SchmeNm", "Issr"],
        ["RmtInf"] = ["Ustrd", "Strd"],
        ["Strd"] = ["RfrdDocInf", "RfrdDocAmt", "CdtrRefInf", "Invcr", "Invcee", "TaxRmt", "GrnshmtRmt", "AddtlRmtInf"],
        ["CdtrRefInf"] = ["Tp", "Ref"],
        ["CdtrRefInf/Tp"] = ["CdOrPrtry", "Issr"],
        ["CdOrPrtry"] = ["Cd", "Prtry"],
    };

    private static readonly Dictionary<string, string[]> Mandatory = new(StringComparer.Ordinal)
    {
        ["CstmrCdtTrfInitn"] = ["GrpHdr", "PmtInf"],
        ["GrpHdr"] = ["MsgId", "CreDtTm", "NbOfTxs", "InitgPty"],
        ["PmtInf"] = ["PmtInfId", "PmtMtd", "ReqdExctnDt", "Dbtr", "DbtrAcct", "DbtrAgt", "CdtTrfTxInf"],
        ["CdtTrfTxInf"] = ["PmtId", "Amt"],
        ["PmtId"] = ["EndToEndId"],
        ["DbtrAcct"] = ["Id"], ["CdtrAcct"] = ["Id"], ["DbtrAgt"] = ["FinInstnId"],
    };

    private static readonly HashSet<string> Choices = ["ReqdExctnDt", "DbtrAcct/Id", "CdtrAcct/Id", "CdOrPrtry", "Amt"];
    private static readonly HashSet<string> Repeating = ["PmtInf", "CdtTrfTxInf", "Ustrd", "Strd", "AddtlRmtInf", "AdrLine"];

    /// <summary>The structural errors, empty when the document is well formed as pain.001.001.09.</summary>
    public static IReadOnlyList<string> Errors(XDocument document)
    {
        var errors = new List<string>();
        foreach (var element in document.Descendants()) Check(element, errors);
        return errors;
    }

    private static void Check(XElement element, List<string> errors)
    {
        var name = element.Name.LocalName;
        var children = element.Elements().Select(e => e.Name.LocalName).ToList();
        if (children.Count == 0)
        {
            if (string.IsNullOrWhiteSpace(element.Value)) errors.Add($"{name} is empty");
            return;
        }
        var key = Sequences.ContainsKey($"{element.Parent?.Name.LocalName}/{name}") ? $"{element.Parent!.Name.LocalName}/{name}" : name;
        if (!Sequences.TryGetValue(key, out var sequence))
        {
            errors.Add($"{key} has children but no known sequence");
            return;
        }
        var last = -1;
        foreach (var child in children)
        {
            var index = Array.IndexOf(sequence, child);
            if (index < 0) errors.Add($"{key} may not contain {child}");
            else if (index < last || (index == last && !Repeating.Contains(child))) errors.Add($"{key}: {child} is out of order or repeated");
            last = Math.Max(last, index);
        }
        foreach (var required in Mandatory.GetValueOrDefault(key, []))
            if (!children.Contains(required)) errors.Add($"{key} lacks {required}");
        if (Choices.Contains(key) && children.Count != 1) errors.Add($"{key} is a choice but holds {children.Count} elements");
    }
}
