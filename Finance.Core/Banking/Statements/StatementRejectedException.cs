using Finance.Core.Errors;

namespace Finance.Core.Banking.Statements;

/// <summary>
/// A bank file the parsers refuse. A <see cref="ValidationException"/> naming the field <c>file</c>, so the API answers a
/// 400 validation problem with <see cref="DomainException.Code"/> (one of <see cref="StatementRejection"/>).
/// </summary>
public sealed class StatementRejectedException(string code, string message)
    : ValidationException(new Dictionary<string, string[]> { [Field] = [message] }, message, "The bank file was refused.", code)
{
    /// <summary>The request field the problem names.</summary>
    public const string Field = "file";
}

/// <summary>The stable codes of <see cref="StatementRejectedException"/>.</summary>
public static class StatementRejection
{
    public const string NotCamt = "statement.not_camt";
    public const string UnsupportedVersion = "statement.unsupported_version";
    public const string MalformedXml = "statement.malformed_xml";
    public const string TooLarge = "statement.too_large";
    public const string MissingField = "statement.missing_field";
    public const string InvalidValue = "statement.invalid_value";
    public const string UnknownFormat = "statement.unknown_format";
    public const string UnsafeArchive = "statement.unsafe_archive";
    public const string CsvUnknownProfile = "statement.csv_unknown_profile";
    public const string CsvBadColumns = "statement.csv_bad_columns";
    public const string CsvBadValue = "statement.csv_bad_value";
}
