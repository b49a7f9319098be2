using Dapper;
using Finance.Core.Reading.Tools;
using Npgsql;

namespace Finance.Core.Payables;

/// <summary>
/// A page of a bill's document as an image for the review screen, beside its read fields: a PDF page rendered by pdftoppm
/// (with its time and memory limits) at a screen resolution; a photo or scan as uploaded (PNG, JPEG; TIFF as stored).
/// </summary>
public sealed class BillPages(NpgsqlDataSource dataSource, PdfRasterizer rasterizer)
{
    /// <summary>Enough to read every figure on an A4 page on a screen, at a tenth of the 300 dpi the reader uses.</summary>
    public const int ScreenDpi = 110;

    /// <returns>The image and its media type; null when the bill or the page does not exist.</returns>
    public async Task<(byte[] Content, string MediaType)?> PageAsync(Guid billId, int page, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var document = await connection.QuerySingleOrDefaultAsync<(byte[] Content, string MediaType, int Pages)?>(new CommandDefinition("""
            SELECT d.content, d.media_type, d.pages FROM bills b JOIN payable_documents d ON d.id = b.document_id WHERE b.id = @billId
            """, new { billId }, cancellationToken: cancellationToken));
        if (document is not { } d || page < 1 || page > d.Pages) return null;
        if (d.MediaType != "application/pdf") return (d.Content, d.MediaType);
        using var workspace = new ToolWorkspace();
        var pdf = workspace.File("document.pdf");
        await File.WriteAllBytesAsync(pdf, d.Content, cancellationToken);
        try
        {
            var png = await rasterizer.RenderAsync(pdf, page, workspace, cancellationToken, ScreenDpi);
            return (await File.ReadAllBytesAsync(png, cancellationToken), "image/png");
        }
        catch (ToolFailedException e)
        {
            throw new Errors.UnprocessableException($"The page cannot be drawn: {e.Message}", "bill.page_unrenderable");
        }
    }
}
