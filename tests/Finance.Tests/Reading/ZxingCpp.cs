using Finance.Tests.Infrastructure;

namespace Finance.Tests.Reading;

/// <summary>zxing-cpp, the outside QR decoder (DESIGN.md §6), on an image file.</summary>
internal static class ZxingCpp
{
    public static IReadOnlyList<string> Decode(string imagePath)
    {
        const string script = "import sys, json, zxingcpp\nfrom PIL import Image\n"
            + "r = zxingcpp.read_barcodes(Image.open(sys.argv[1]), formats=zxingcpp.BarcodeFormat.QRCode)\n"
            + "print(json.dumps([b.text for b in r]))";
        return System.Text.Json.JsonSerializer.Deserialize<List<string>>(ServerProcess.Run("/usr/bin/python3", ["-c", script, imagePath]))!;
    }

    /// <summary>The same for many images in one run, in order: each image's texts.</summary>
    public static IReadOnlyList<List<string>> DecodeAll(IEnumerable<byte[]> images)
    {
        const string script = "import sys, json, zxingcpp\nfrom PIL import Image\n"
            + "print(json.dumps([[b.text for b in zxingcpp.read_barcodes(Image.open(f), formats=zxingcpp.BarcodeFormat.QRCode)] for f in sys.argv[1:]]))";
        var paths = images.Select(i => { var f = Path.GetTempFileName(); File.WriteAllBytes(f, i); return f; }).ToList();
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<List<List<string>>>(ServerProcess.Run("/usr/bin/python3", ["-c", script, .. paths]))!;
        }
        finally
        {
            paths.ForEach(File.Delete);
        }
    }
}
