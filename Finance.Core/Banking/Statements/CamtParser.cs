using System.Xml;
using System.Xml.Linq;

namespace Finance.Core.Banking.Statements;

/// <summary>
/// Reads camt.052 / camt.053 / camt.054 (every version .001.01 to .001.13) into <see cref="ParsedStatementFile"/>.
/// <para>
/// Streaming: an <see cref="XmlReader"/> walks the file and only one Ntry at a time (plus each statement's small header)
/// becomes an <see cref="XElement"/>, so memory follows the largest entry, not the file, and the entry limit stops a
/// huge file before it is all read. LINQ to XML inside one entry keeps the field mapping readable.
/// </para>
/// <para>XXE-safe: DTDs are refused and no resolver is set (OWASP XML External Entity Prevention Cheat Sheet, .NET).</para>
/// </summary>
public static class CamtParser
{
    public static ParsedStatementFile Parse(Stream stream, CamtLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= CamtLimits.Default;
        var bounded = new BoundedStream(stream, limits.MaxBytes, "The camt file");
        try
        {
            using var reader = XmlReader.Create(bounded, Settings(limits));
            return Read(reader, limits);
        }
        catch (XmlException e)
        {
            var message = e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                ? "The XML file declares a DTD, which bank files never need and we refuse (entity expansion, XXE)."
                : $"The file is not well-formed XML (line {e.LineNumber}, position {e.LinePosition}): {e.Message}";
            throw new StatementRejectedException(StatementRejection.MalformedXml, message);
        }
    }

    private static XmlReaderSettings Settings(CamtLimits limits) => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = limits.MaxBytes,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    private static ParsedStatementFile Read(XmlReader reader, CamtLimits limits)
    {
        if (reader.MoveToContent() != XmlNodeType.Element || reader.LocalName != "Document")
        {
            throw new StatementRejectedException(StatementRejection.NotCamt,
                $"The XML file is not a camt message: its root element is <{reader.LocalName}>, not <Document>.");
        }
        var version = CamtVersion.FromNamespace(reader.NamespaceURI);
        var (messageName, blockName) = version.Elements;
        // Version .001.01 suffixes the message element ("BkToCstmrAcctRptV01"); later versions do not.
        if (!NextChild(reader, reader.Depth) || !reader.LocalName.StartsWith(messageName, StringComparison.Ordinal))
        {
            throw new StatementRejectedException(StatementRejection.MissingField,
                $"The {version.Format} Document has no <{messageName}> message.");
        }
        XElement? header = null;
        var statements = new List<ParsedStatement>();
        var entryCount = 0;
        var messageDepth = reader.Depth;
        var more = NextChild(reader, messageDepth);
        while (more)
        {
            if (reader.LocalName == "GrpHdr")
            {
                header = (XElement)XNode.ReadFrom(reader);
            }
            else if (reader.LocalName == blockName)
            {
                statements.Add(ReadBlock(reader, version, limits, ref entryCount));
            }
            else
            {
                reader.Skip();
            }
            more = AtChild(reader, messageDepth);
        }
        if (header is null) throw new StatementRejectedException(StatementRejection.MissingField, $"The {version.Format} message has no GrpHdr.");
        if (statements.Count == 0)
        {
            throw new StatementRejectedException(StatementRejection.MissingField,
                $"The {version.Format} message holds no <{blockName}> block, so there is nothing to import.");
        }
        return new ParsedStatementFile(version.Format, header.Required("MsgId"), header.Child("CreDtTm").DateTimeOrNull(), statements);
    }

    /// <summary>One Rpt/Stmt/Ntfctn: its entries are parsed one by one as they stream past; the rest forms its header.</summary>
    private static ParsedStatement ReadBlock(XmlReader reader, CamtVersion version, CamtLimits limits, ref int entryCount)
    {
        var head = new XElement(reader.LocalName);
        var entries = new List<ParsedEntry>();
        var depth = reader.Depth;
        var more = NextChild(reader, depth);
        while (more)
        {
            if (reader.LocalName == "Ntry")
            {
                if (++entryCount > limits.MaxEntries)
                {
                    throw new StatementRejectedException(StatementRejection.TooLarge,
                        $"The camt file holds more than the limit of {limits.MaxEntries:N0} entries.");
                }
                var entry = (XElement)XNode.ReadFrom(reader);
                entries.Add(CamtEntryReader.Read(entry, entries.Count));
            }
            else
            {
                head.Add(XNode.ReadFrom(reader));
            }
            more = AtChild(reader, depth);
        }
        return CamtStatementReader.Read(head, version, entries);
    }

    /// <summary>Moves from a start element to its first child element; false when it has none.</summary>
    private static bool NextChild(XmlReader reader, int parentDepth)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return false;
        }
        reader.Read();
        return AtChild(reader, parentDepth);
    }

    /// <summary>Skips text until the next child element of the element at <paramref name="parentDepth"/>; false at its end.</summary>
    private static bool AtChild(XmlReader reader, int parentDepth)
    {
        while (!reader.EOF)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.Depth == parentDepth + 1) return true;
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == parentDepth)
            {
                reader.Read();
                return false;
            }
            reader.Read();
        }
        return false;
    }
}
