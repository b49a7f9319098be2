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
}
