using Finance.Core.Errors;

namespace Finance.Core.Reading;

/// <summary>
/// An uploaded document intake refuses. A <see cref="ValidationException"/> naming the field <c>file</c>, so the API answers
/// a 400 validation problem with <see cref="DomainException.Code"/> as its <c>code</c> (one of <see cref="DocumentRejection"/>).
/// </summary>
public sealed class DocumentRejectedException(string code, string message)
    : ValidationException(new Dictionary<string, string[]> { [Field] = [message] }, message, "The document was refused.", code)
{
    /// <summary>The request field the problem names.</summary>
    public const string Field = "file";
}

/// <summary>The stable codes of <see cref="DocumentRejectedException"/>.</summary>
public static class DocumentRejection
{
    public const string Empty = "document.empty";
    public const string TooLarge = "document.too_large";
    public const string UnknownType = "document.unknown_type";
    public const string Encrypted = "document.encrypted";
    public const string Polyglot = "document.polyglot";
    public const string TooManyPages = "document.too_many_pages";
    public const string PageTooLarge = "document.page_too_large";
    public const string DecompressionBomb = "document.decompression_bomb";
    public const string Unreadable = "document.unreadable";
}
