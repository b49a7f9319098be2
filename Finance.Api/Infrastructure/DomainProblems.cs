using Finance.Core.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Infrastructure;

/// <summary>
/// The one place a refused request (<see cref="DomainException"/>) becomes RFC 9457 problem details: field errors into a
/// validation problem naming each field, the rest into 400, 403, 404, 409 or 422 by the exception's kind. Every problem
/// carries the exception's stable <c>code</c> (RFC 9457 §3.2 extension member) beside the usual title and status.
/// </summary>
public static class DomainProblems
{
    public const string CodeMember = "code";

    public static Results<ValidationProblem, ProblemHttpResult> ToResult(DomainException exception) => exception switch
    {
        ValidationException { Errors: { } errors } e => TypedResults.ValidationProblem(errors, e.Message, title: e.Title, extensions: Extensions(e)),
        _ => ToProblem(exception),
    };

    /// <summary>The problem for a refusal that names no field (a validation exception's field errors are left out: use <see cref="ToResult"/>).</summary>
    public static ProblemHttpResult ToProblem(DomainException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var (status, title) = exception switch
        {
            ValidationException e => (StatusCodes.Status400BadRequest, e.Title ?? "Bad request"),
            NotFoundException => (StatusCodes.Status404NotFound, "Not found"),
            ForbiddenException => (StatusCodes.Status403Forbidden, "Forbidden"),
            UnprocessableException => (StatusCodes.Status422UnprocessableEntity, "Unprocessable request"),
            _ => (StatusCodes.Status409Conflict, "Conflict"),
        };
        return TypedResults.Problem(exception.Message, statusCode: status, title: title, extensions: Extensions(exception));
    }

    private static Dictionary<string, object?> Extensions(DomainException exception) => new() { [CodeMember] = exception.Code };
}

/// <summary>
/// A <see cref="DomainException"/> thrown outside <see cref="ProblemOutcome.Run"/> (an endpoint filter, a handler that
/// does not wrap) gets the same answer instead of a 500.
/// </summary>
internal sealed class DomainExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not DomainException domain) return false;
        var result = DomainProblems.ToResult(domain).Result;
        await result.ExecuteAsync(httpContext);
        return true;
    }
}
