using Finance.Api.Infrastructure;
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
    public static async Task<Results<TOk, ValidationProblem, ProblemHttpResult>> Run<TOk>(Func<Task<TOk>> action) where TOk : IResult
    {
        try
        {
            return await action();
        }
        catch (FlowDefinitionInvalidException e)
        {
            var errors = e.Errors.GroupBy(x => x.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(x => x.Message).ToArray());
            return TypedResults.ValidationProblem(errors, "The flow definition is invalid; nothing was changed.", title: "Invalid flow definition");
        }
        catch (FlowSignalPayloadException e)
        {
            return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Malformed signal payload");
        }
        catch (Exception e) when (e is FlowNotFoundException or FlowInstanceNotFoundException)
        {
            return Problems.NotFound(e.Message);
        }
        catch (Exception e) when (e is FlowInstanceFinishedException or FlowConflictException)
        {
            return Problems.Conflict(e.Message);
        }
    }
}
