using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Infrastructure;

/// <summary>
/// Runs a handler's work and answers what a layer refuses with the problem its mapping gives (a validation problem
/// or another problem detail); an exception the mapping does not know (null) goes on to the exception handler.
/// </summary>
internal static class ProblemOutcome
{
    public static async Task<Results<TOk, ValidationProblem, ProblemHttpResult>> Run<TOk>(
        Func<Task<TOk>> action, Func<Exception, Results<ValidationProblem, ProblemHttpResult>?> toProblem) where TOk : IResult
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (toProblem(e) is { } problem)
        {
            return problem.Result switch
            {
                ValidationProblem validation => validation,
                ProblemHttpResult other => other,
                _ => throw new UnreachableException(),
            };
        }
    }
}
