using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using static Finance.Core.Reading.DocumentInspector;

namespace Finance.Core.Reading;

/// <summary>
/// PDF refusals. The raw bytes are scanned before any parser builds objects from them: an encryption dictionary, page
/// boxes and page counts beyond the limits, and Flate streams that inflate beyond reason (each stream is inflated into a
/// counter, never into memory, and stopped at its limit). Then PdfPig must open the file and see every page.
/// </summary>
internal static partial class PdfChecks
{
    private static readonly byte[] StreamKeyword = "stream"u8.ToArray();
    private static readonly byte[] EndStream = "endstream"u8.ToArray();

    public static int Pages(ReadOnlySpan<byte> content, ReadingOptions limits)
    {
        var text = Encoding.Latin1.GetString(content);
        // ISO 32000-1 §7.6.1: a trailer (or cross-reference stream dictionary) with /Encrypt. We take no passwords.
        if (EncryptEntry().IsMatch(text)) throw Reject(DocumentRejection.Encrypted, "The PDF is encrypted.");
        foreach (Match box in MediaBox().Matches(text))
        {
            if (Side(box, 3, 1) > limits.MaxPageSidePoints || Side(box, 4, 2) > limits.MaxPageSidePoints)
                throw Reject(DocumentRejection.PageTooLarge, $"A page is larger than {limits.MaxPageSidePoints:0} points on a side.");
        }
        foreach (Match count in PageTreeCount().Matches(text))
        {
            if (long.TryParse(count.Groups["n"].Value, out var n) && n > limits.MaxPages)
                throw Reject(DocumentRejection.TooManyPages, $"The PDF declares {n:N0} pages; at most {limits.MaxPages} are read.");
        }
        CheckStreams(content, limits);
        return OpenAndCount(content.ToArray(), limits);
    }

    private static int OpenAndCount(byte[] bytes, ReadingOptions limits)
    {
        try
        {
            using var document = PdfDocument.Open(bytes, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            var pages = document.NumberOfPages;
            if (pages < 1) throw Reject(DocumentRejection.Unreadable, "The PDF has no page.");
            if (pages > limits.MaxPages) throw Reject(DocumentRejection.TooManyPages, $"The PDF has {pages:N0} pages; at most {limits.MaxPages} are read.");
            for (var p = 1; p <= pages; p++)
            {
                var page = document.GetPage(p);
                if (Math.Max(page.Width, page.Height) > limits.MaxPageSidePoints)
                    throw Reject(DocumentRejection.PageTooLarge, $"Page {p} is larger than {limits.MaxPageSidePoints:0} points on a side.");
            }
            return pages;
        }
        catch (DocumentRejectedException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw Reject(DocumentRejection.Unreadable, "The PDF cannot be read: " + e.Message);
        }
    }

    // Every "stream" keyword whose dictionary names FlateDecode is inflated up to its allowance (ISO 32000-1 §7.3.8).
    private static void CheckStreams(ReadOnlySpan<byte> content, ReadingOptions limits)
    {
        long total = 0;
        var buffer = new byte[81920];
        for (var at = content.IndexOf(StreamKeyword); at >= 0;)
        {
            var next = at + StreamKeyword.Length;
            if ((at < 3 || !content.Slice(at - 3, 3).SequenceEqual("end"u8)) && StreamData(content, next) is int data)
            {
                var dictionary = Encoding.Latin1.GetString(content[Math.Max(0, at - 2048)..at]);
                dictionary = dictionary[(dictionary.LastIndexOf("obj", StringComparison.Ordinal) + 1)..];
                if (dictionary.Contains("/FlateDecode", StringComparison.Ordinal) || dictionary.Contains("/Fl ", StringComparison.Ordinal))
                {
                    var end = content[data..].IndexOf(EndStream);
                    var compressed = end < 0 ? content.Length - data : end;
                    var allowance = Math.Max(limits.MinBombBytes, (long)compressed * limits.MaxDecompressionRatio);
                    var inflated = Inflate(content.Slice(data, compressed), allowance + 1, buffer);
                    total += inflated;
                    if (inflated > allowance || total > limits.MaxDecompressedBytes)
                        throw Reject(DocumentRejection.DecompressionBomb,
                            $"A stream of {compressed:N0} bytes inflates beyond {Math.Min(allowance, limits.MaxDecompressedBytes):N0} bytes.");
                    next = data + compressed;
                }
            }
            var rest = content[next..].IndexOf(StreamKeyword);
            at = rest < 0 ? -1 : next + rest;
        }
    }

    private static int? StreamData(ReadOnlySpan<byte> content, int afterKeyword)
    {
        if (afterKeyword < content.Length && content[afterKeyword] == '\n') return afterKeyword + 1;
        if (afterKeyword + 1 < content.Length && content[afterKeyword] == '\r' && content[afterKeyword + 1] == '\n') return afterKeyword + 2;
        return null;
    }

    // Counts inflated bytes up to limit; a damaged stream counts what came out before the damage (PdfPig judges the rest).
    private static long Inflate(ReadOnlySpan<byte> compressed, long limit, byte[] buffer)
    {
        long count = 0;
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed.ToArray()), CompressionMode.Decompress);
            for (int read; count < limit && (read = zlib.Read(buffer)) > 0;) count += read;
        }
        catch (InvalidDataException)
        {
        }
        return count;
    }

    private static double Side(Match box, int high, int low) =>
        Math.Abs(double.Parse(box.Groups[high].Value, CultureInfo.InvariantCulture) - double.Parse(box.Groups[low].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"/Encrypt[\s/<\d]")]
    private static partial Regex EncryptEntry();

    [GeneratedRegex(@"/MediaBox\s*\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\]")]
    private static partial Regex MediaBox();

    // /Count of a page tree node (ISO 32000-1 §7.7.3.2); outline items carry /Count too, but never beside /Kids.
    [GeneratedRegex(@"/Type\s*/Pages\b[^>]{0,400}?/Count\s+(?<n>\d{1,12})|/Count\s+(?<n>\d{1,12})[^>]{0,400}?/Type\s*/Pages\b")]
    private static partial Regex PageTreeCount();
}
