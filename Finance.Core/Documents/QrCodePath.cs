using System.Collections.Concurrent;
using System.Text;
using QRCoder;
using SkiaSharp;

namespace Finance.Core.Documents;

/// <summary>The Swiss QR Code as one path in module units (0..N), quiet zone excluded.</summary>
/// <remarks>
/// One path tracing the outlines of the dark modules (<see cref="QrOutline"/>) keeps the PDF small and
/// fast to write (DESIGN.md §6) compared with a rectangle per module. Bytes are the payload's UTF-8 with no
/// BOM and no ECI header, in byte mode, error correction M (SIX IG QR-bill 2.3, "Swiss QR Code": coding type 1
/// is UTF-8). Passing bytes, not a string, keeps QRCoder from choosing ISO-8859-1 for Latin text.
/// Paths are cached per payload, since reprinting a bill is common; the cache is small and bounded.
/// </remarks>
internal static class QrCodePath
{
    private const int QuietZone = 4;
    private const int CacheLimit = 64;
    private static readonly ConcurrentDictionary<string, (SKPath Path, int Modules)> Cache = new(StringComparer.Ordinal);

    public static (SKPath Path, int Modules) For(string payload)
    {
        if (Cache.TryGetValue(payload, out var hit)) return hit;
        var built = Build(payload);
        if (Cache.Count >= CacheLimit) Cache.Clear();
        return Cache.GetOrAdd(payload, built);
    }

    private static (SKPath, int) Build(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(new UTF8Encoding(false).GetBytes(payload), QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var size = matrix.Count - 2 * QuietZone;
        return (QrOutline.Trace((x, y) => matrix[y + QuietZone][x + QuietZone], size), size);
    }
}
