namespace Finance.Core.Errors;

/// <summary>
/// A request the business refuses: thrown inside the transaction, so nothing is stored. The API turns every one of them
/// into RFC 9457 problem details in one place (<c>Finance.Api/Infrastructure/DomainProblems.cs</c>): the subclass picks
/// the status, <see cref="Code"/> is the stable machine-readable reason clients may switch on (the <c>code</c> member).
/// </summary>
public abstract class DomainException : Exception
{
    protected DomainException(string code, string message, Exception? innerException = null) : base(message, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Code = code;
    }

    /// <summary>Lower-case, dot-separated, never reworded once published (e.g. <c>flow.instance_finished</c>).</summary>
    public string Code { get; }
}

/// <summary>The thing named does not exist (404).</summary>
public class NotFoundException(string message, string code = NotFoundException.DefaultCode) : DomainException(code, message)
{
    public const string DefaultCode = "not_found";
}

/// <summary>The thing exists but its state does not allow the request (409).</summary>
public class ConflictException(string message, string code = ConflictException.DefaultCode, Exception? innerException = null)
    : DomainException(code, message, innerException)
{
    public const string DefaultCode = "conflict";
}

/// <summary>The caller may not reach the thing named (403).</summary>
public class ForbiddenException(string message, string code = ForbiddenException.DefaultCode) : DomainException(code, message)
{
    public const string DefaultCode = "forbidden";
}

/// <summary>The request is well formed but cannot be taken as sent (422), e.g. an idempotency key reused with another body.</summary>
public class UnprocessableException(string message, string code = UnprocessableException.DefaultCode) : DomainException(code, message)
{
    public const string DefaultCode = "unprocessable";
}
