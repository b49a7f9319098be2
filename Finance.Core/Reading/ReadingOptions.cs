using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Finance.Core.Reading;

public enum ReadingEngine { Local, Azure }

/// <summary>Intake limits and the reading engine (section <c>Reading</c>).</summary>
public sealed class ReadingOptions
{
    public const string SectionName = "Reading";

    public ReadingEngine Engine { get; set; } = ReadingEngine.Local;

    /// <summary>The intake limit: 20 MB.</summary>
    [Range(1, 100L * 1024 * 1024)]
    public long MaxBytes { get; set; } = 20L * 1024 * 1024;

    [Range(1, 1000)]
    public int MaxPages { get; set; } = 50;

    /// <summary>Longest page side in points; 14,400 is the PDF implementation limit (ISO 32000-1, Annex C.2), 5 m.</summary>
    [Range(72, 14_400)]
    public double MaxPageSidePoints { get; set; } = 14_400;

    /// <summary>Pixels of one image page; A4 at 600 dpi is about 35 million.</summary>
    [Range(1, 500_000_000)]
    public long MaxImagePixels { get; set; } = 60_000_000;

    /// <summary>A compressed stream growing more than this many times beyond <see cref="MinBombBytes"/> is a bomb.</summary>
    [Range(2, 100_000)]
    public int MaxDecompressionRatio { get; set; } = 200;

    /// <summary>Below this many decompressed bytes no stream counts as a bomb, whatever its ratio (a blank page compresses very well).</summary>
    [Range(1, 1L << 30)]
    public long MinBombBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>All streams of a document together, decompressed.</summary>
    [Range(1, 4L << 30)]
    public long MaxDecompressedBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Raster resolution for QR codes and OCR (the issue: 300 dpi).</summary>
    [Range(72, 600)]
    public int Dpi { get; set; } = 300;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ToolTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Address-space limit of each external tool (pdftoppm, tesseract).</summary>
    [Range(64L * 1024 * 1024, 16L << 30)]
    public long ToolMemoryBytes { get; set; } = 1L << 30;

    [Required, RegularExpression("^[a-z_]{3,8}(\\+[a-z_]{3,8})*$")]
    public string OcrLanguages { get; set; } = "fra+deu+ita+eng";

    /// <summary>Tesseract page segmentation: 4 (one column of variable sizes) or 6 (one uniform block) suit invoices.</summary>
    [Range(3, 6)]
    public int OcrPageSegmentation { get; set; } = 4;

    /// <summary>Take Factur-X / ZUGFeRD XML embedded in a PDF (exact); off only to measure the text layer on the same files.</summary>
    public bool ReadEmbeddedXml { get; set; } = true;

    public AzureReadingOptions Azure { get; set; } = new();
}

/// <summary>Azure AI Document Intelligence (REST, model <c>prebuilt-invoice</c>); used when <see cref="ReadingOptions.Engine"/> is Azure.</summary>
public sealed class AzureReadingOptions
{
    public Uri? Endpoint { get; set; }

    public string? ApiKey { get; set; }

    [Required]
    public string ModelId { get; set; } = "prebuilt-invoice";

    /// <summary>The GA REST version whose response shape the adapter reads.</summary>
    [Required]
    public string ApiVersion { get; set; } = "2024-11-30";

    /// <summary>Wait between polls when the service sends no Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>Cross-field rules: the Azure engine needs an endpoint and a real key (not a sample one, as AuthOptions refuses sample signing keys).</summary>
internal sealed class ReadingOptionsValidator : IValidateOptions<ReadingOptions>
{
    private static readonly string[] SampleKeys = ["changeme", "your-key", "<key>", "key", "00000000000000000000000000000000"];

    public ValidateOptionsResult Validate(string? name, ReadingOptions options)
    {
        if (options.Engine != ReadingEngine.Azure) return ValidateOptionsResult.Success;
        var failures = new List<string>();
        if (options.Azure.Endpoint is not { IsAbsoluteUri: true } endpoint || endpoint.Scheme is not ("https" or "http"))
            failures.Add("Reading:Azure:Endpoint must be an absolute http(s) URL when Reading:Engine is Azure.");
        if (string.IsNullOrWhiteSpace(options.Azure.ApiKey))
            failures.Add("Reading:Azure:ApiKey is required when Reading:Engine is Azure.");
        else if (SampleKeys.Contains(options.Azure.ApiKey.Trim(), StringComparer.OrdinalIgnoreCase))
            failures.Add("Reading:Azure:ApiKey is a sample value; set the resource's key.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
