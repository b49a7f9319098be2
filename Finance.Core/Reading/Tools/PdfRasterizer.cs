using System.Globalization;
using Microsoft.Extensions.Options;

namespace Finance.Core.Reading.Tools;

/// <summary>Renders PDF pages with poppler's pdftoppm (DESIGN.md §6: <c>pdftoppm -r 300 -png</c> first, then decode),
/// in grey: neither the QR decoder nor Tesseract uses colour.</summary>
public sealed class PdfRasterizer(ToolRunner runner, IOptions<ReadingOptions> options)
{
    /// <returns>The PNG of <paramref name="page"/> (1-based) inside <paramref name="workspace"/>.</returns>
    public async Task<string> RenderAsync(string pdfPath, int page, ToolWorkspace workspace, CancellationToken cancellationToken, int? dpi = null)
    {
        var p = page.ToString(CultureInfo.InvariantCulture);
        var prefix = workspace.File($"page-{p}");
        await runner.RunCheckedAsync("pdftoppm",
            ["-r", (dpi ?? options.Value.Dpi).ToString(CultureInfo.InvariantCulture), "-gray", "-png", "-f", p, "-l", p, "-singlefile", pdfPath, prefix],
            new ToolRun { WorkingDirectory = workspace.Path }, cancellationToken);
        return prefix + ".png";
    }
}
