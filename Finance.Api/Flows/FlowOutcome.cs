using Finance.Api.Infrastructure;
using Finance.Core.Companies;
using Finance.Workflows.Engines;
using Finance.Workflows.Engines.Embedded;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Flows;

/// <summary>
/// Turns what the flow layer refuses into RFC 9457 problem details: an invalid definition into a validation problem
/// keyed by JSON path, a malformed signal payload into 400, unknown things into 404, finished instances and steps that
/// cannot be retried or retired into 409.
/// </summary>
internal static class FlowOutcome
{
    public static Task<Results<TOk, ValidationProblem, ProblemHttpResult>> Run<TOk>(Func<Task<TOk>> action) where TOk : IResult =>
        ProblemOutcome.Run(action, ToProblem);

    private static Results<ValidationProblem, ProblemHttpResult>? ToProblem(Exception exception) => exception switch
    {
        FlowDefinitionInvalidException e => TypedResults.ValidationProblem(
            e.Errors.GroupBy(x => x.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.Message).ToArray()),
            "The flow definition is invalid; nothing was changed.", title: "Invalid flow definition"),
        FlowSignalPayloadException e => TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Malformed signal payload"),
        CompanyForbiddenException e => Problems.CompanyForbidden(e.CompanyCode),
        FlowNotFoundException or FlowInstanceNotFoundException => Problems.NotFound(exception.Message),
        FlowInstanceFinishedException or FlowConflictException => Problems.Conflict(exception.Message),
        _ => null,
    };
}
