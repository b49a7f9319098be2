namespace Finance.Core.Errors;

/// <summary>
/// The request's values are wrong (400). With <see cref="Errors"/> (keyed by request field, e.g. <c>lines[0].vatRate</c>)
/// the API answers a validation problem naming each field; without, a plain problem whose title is <see cref="Title"/>.
/// </summary>
public class ValidationException : DomainException
{
    public const string DefaultCode = "validation_failed";

    public ValidationException(IDictionary<string, string[]> errors, string message = "One or more fields are invalid.", string? title = null,
        string code = DefaultCode) : base(code, message)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Errors = errors;
        Title = title;
    }

    /// <summary>A refusal of the request as a whole (e.g. a body that is not JSON), naming no field.</summary>
    protected ValidationException(string message, string title, string code, Exception? innerException = null) : base(code, message, innerException)
    {
        Title = title;
    }

    /// <summary>Field errors; null when the whole request is refused.</summary>
    public IDictionary<string, string[]>? Errors { get; }

    /// <summary>The problem's title when it is not the default one.</summary>
    public string? Title { get; }

    public static ValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
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
        if (_errors.Count > 0) throw new ValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }
}
