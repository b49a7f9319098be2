using System.IO.Compression;

namespace Finance.Core.Banking.Statements;

/// <summary>
/// The one door for an uploaded bank file: camt XML, a ZIP of camt/CSV files (banks deliver camt.054 batches zipped), or a
/// CSV export. The type is sniffed from the bytes, never trusted from the name.
/// </summary>
public static class StatementFiles
{
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>One parsed file per document (a ZIP gives one per member).</summary>
    public static IReadOnlyList<ParsedStatementFile> Read(Stream stream, string? fileName = null, CamtLimits? limits = null,
        IEnumerable<CsvProfile>? csvProfiles = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        limits ??= CamtLimits.Default;
        var profiles = csvProfiles?.ToList() ?? [];
        // Held in memory up to MaxBytes: the ZIP reader needs to seek, and sniffing needs the first bytes.
        using var buffer = new MemoryStream();
        new BoundedStream(stream, limits.MaxBytes, fileName is null ? "The file" : $"'{fileName}'").CopyTo(buffer);
        buffer.Position = 0;
        if (buffer.Length == 0) throw new StatementRejectedException(StatementRejection.UnknownFormat, "The file is empty.");
        return buffer.GetBuffer().AsSpan(0, (int)Math.Min(4, buffer.Length)).SequenceEqual(ZipMagic)
            ? ReadArchive(buffer, limits, profiles)
            : [ReadDocument(buffer, limits, profiles)];
    }

    private static ParsedStatementFile ReadDocument(Stream stream, CamtLimits limits, IReadOnlyList<CsvProfile> profiles) =>
        LooksLikeXml(stream) ? CamtParser.Parse(stream, limits) : CsvStatementParser.Parse(stream, null, profiles, limits);

    /// <summary>XML starts with '&lt;' after an optional BOM and white space; CSV never does.</summary>
    private static bool LooksLikeXml(Stream stream)
    {
        var head = new byte[64];
        var n = stream.Read(head, 0, head.Length);
        stream.Position = 0;
        var span = head.AsSpan(0, n);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        var start = span.IndexOfAnyExcept((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']);
        return start >= 0 && span[start] == (byte)'<';
    }

    /// <summary>
    /// Zip-bomb safe: the member count is capped, and every member is read through a counter that stops at the archive's
    /// total limit whatever the headers claim. Members are never written to disk, and names that climb out of the
    /// archive ("../", absolute paths) or nest another ZIP are refused outright.
    /// </summary>
    private static List<ParsedStatementFile> ReadArchive(Stream stream, CamtLimits limits, IReadOnlyList<CsvProfile> profiles)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new StatementRejectedException(StatementRejection.UnsafeArchive, $"The ZIP file cannot be read: {e.Message}");
        }
        using (archive)
        {
            var members = archive.Entries.Where(e => !e.FullName.EndsWith('/') && !IsMetadata(e.FullName)).ToList();
            if (members.Count > limits.MaxArchiveEntries)
            {
                throw new StatementRejectedException(StatementRejection.UnsafeArchive,
                    $"The ZIP file holds {members.Count:N0} files, more than the limit of {limits.MaxArchiveEntries:N0}.");
            }
            if (members.Count == 0) throw new StatementRejectedException(StatementRejection.UnknownFormat, "The ZIP file holds no file.");
            var remaining = limits.MaxArchiveBytes;
            var files = new List<ParsedStatementFile>();
            foreach (var member in members)
            {
                RefuseUnsafeName(member.FullName);
                using var content = new MemoryStream();
                using (var raw = member.Open())
                {
                    var cap = Math.Min(limits.MaxBytes, remaining);
                    new BoundedStream(raw, cap, $"'{member.FullName}' in the ZIP file (or the archive as a whole)").CopyTo(content);
                }
                remaining -= content.Length;
                content.Position = 0;
                if (content.Length >= 4 && content.GetBuffer().AsSpan(0, 4).SequenceEqual(ZipMagic))
                {
                    throw new StatementRejectedException(StatementRejection.UnsafeArchive, $"'{member.FullName}' is a ZIP inside the ZIP; nested archives are refused.");
                }
                files.Add(ReadDocument(content, limits, profiles));
            }
            return files;
        }
    }

    private static bool IsMetadata(string name) =>
        name.StartsWith("__MACOSX/", StringComparison.Ordinal) || Path.GetFileName(name).StartsWith('.');

    private static void RefuseUnsafeName(string name)
    {
        var normalised = name.Replace('\\', '/');
        if (normalised.StartsWith('/') || normalised.Split('/').Contains("..") || (normalised.Length > 1 && normalised[1] == ':'))
        {
            throw new StatementRejectedException(StatementRejection.UnsafeArchive, $"The ZIP member '{name}' points outside the archive.");
        }
    }
}
