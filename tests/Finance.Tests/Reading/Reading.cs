using Finance.Core.Reading;
using Finance.Core.Reading.Tools;
using Microsoft.Extensions.Options;

namespace Finance.Tests.Reading;

/// <summary>The reading services as the host builds them, on the default options.</summary>
internal static class Reading
{
    public static ReadingOptions Defaults => new();

    public static DocumentInspector Inspector(ReadingOptions? options = null) => new(Options.Create(options ?? Defaults));

    public static ToolRunner Runner(ReadingOptions? options = null) => new(Options.Create(options ?? Defaults));

    public static LocalBillReader Local(ReadingOptions? options = null)
    {
        var o = Options.Create(options ?? Defaults);
        var runner = new ToolRunner(o);
        return new LocalBillReader(new PdfRasterizer(runner, o), new TesseractOcr(runner, o), o);
    }

    /// <summary>Inspects, then reads with the local reader.</summary>
    public static async Task<BillReading> ReadAsync(byte[] content)
    {
        var document = Inspector().Inspect(content);
        return await Local().ReadAsync(content, document, CancellationToken.None);
    }

    public static string? Value(this BillReading reading, string name) => reading[name]?.Value;

    public static string CorpusPath(params string[] parts) => Fixtures.Path_(["invoices", "zugferd-corpus", .. parts]);
}
