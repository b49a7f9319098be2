namespace Finance.Core.Invoicing;

public enum InvoicingErrorKind { NotFound, Forbidden, Conflict, Validation }

/// <summary>A request the invoicing services refuse. Thrown inside the transaction, so nothing is stored;
/// the API turns it into RFC 9457 problem details (<see cref="Errors"/> keyed by request field, e.g. <c>lines[0].vatRate</c>).</summary>
public sealed class InvoicingException : Exception
{
    public InvoicingException(InvoicingErrorKind kind, string message, IDictionary<string, string[]>? errors = null) : base(message)
    {
        Kind = kind;
        Errors = errors;
    }

    public InvoicingException() : this(InvoicingErrorKind.Conflict, "Invoicing error.") { }

    public InvoicingException(string message) : this(InvoicingErrorKind.Conflict, message) { }

    public InvoicingException(string message, Exception innerException) : base(message, innerException) => Kind = InvoicingErrorKind.Conflict;

    public InvoicingErrorKind Kind { get; }

    public IDictionary<string, string[]>? Errors { get; }

    public static InvoicingException NotFound(string message) => new(InvoicingErrorKind.NotFound, message);

    public static InvoicingException Conflict(string message) => new(InvoicingErrorKind.Conflict, message);

    public static InvoicingException Invalid(IDictionary<string, string[]> errors) =>
        new(InvoicingErrorKind.Validation, "One or more fields are invalid.", errors);

    public static InvoicingException Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Collects field errors, then throws them all at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0) throw InvoicingException.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }
}
