using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Finance.Tests.Reading;

/// <summary>Hand-made PDFs for the inspector's refusals: objects numbered from 1, a correct cross-reference table, and
/// whatever the test puts into the page tree, the trailer or a stream.</summary>
internal static class MiniPdf
{
    public static byte[] Build(string pagesDictionary = "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", string mediaBox = "[0 0 595 842]",
        string trailerExtra = "", byte[]? stream = null, string streamDictionary = "")
    {
        var content = stream ?? "BT /F1 12 Tf 72 720 Td (Invoice 42) Tj ET"u8.ToArray();
        var objects = new List<byte[]>
        {
            Latin("<< /Type /Catalog /Pages 2 0 R >>"),
            Latin(pagesDictionary),
            Latin($"<< /Type /Page /Parent 2 0 R /MediaBox {mediaBox} /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"),
            Latin($"<< /Length {content.Length} {streamDictionary}>>\nstream\n").Concat(content).Concat(Latin("\nendstream")).ToArray(),
            Latin("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
        };
        using var output = new MemoryStream();
        output.Write(Latin("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"));
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(output.Position);
            output.Write(Latin($"{i + 1} 0 obj\n"));
            output.Write(objects[i]);
            output.Write(Latin("\nendobj\n"));
        }
        var xref = output.Position;
        var table = new StringBuilder($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R {trailerExtra}>>\nstartxref\n{xref}\n%%EOF\n");
        output.Write(Latin(table.ToString()));
        return output.ToArray();
    }

    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true)) zlib.Write(data);
        return output.ToArray();
    }

    private static byte[] Latin(string s) => Encoding.Latin1.GetBytes(s);
}
