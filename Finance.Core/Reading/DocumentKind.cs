namespace Finance.Core.Reading;

/// <summary>The document types intake accepts, as sniffed from the bytes (never the file name).</summary>
public enum DocumentKind { Pdf, Png, Jpeg, Tiff }

/// <summary>A document the inspector let through: its sniffed type, its page count and its SHA-256 (lower-case hex).</summary>
public sealed record InspectedDocument(DocumentKind Kind, string MediaType, int Pages, string Sha256Hex);
