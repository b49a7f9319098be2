using System.Diagnostics;
using Finance.Core.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Infrastructure;

/// <summary>
/// Runs a handler's work and answers a <see cref="DomainException"/> with its problem (<see cref="DomainProblems"/>),
/// keeping the handler's typed <c>Results&lt;&gt;</c> (and so its OpenAPI responses); any other exception goes on to the
/// exception handler.
/// </summary>
internal static class ProblemOutcome
{
    public static async Task<Results<TOk, ValidationProblem, ProblemHttpResult>> Run<TOk>(Func<Task<TOk>> action) where TOk : IResult
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action();
        }
        catch (DomainException e)
        {
            return DomainProblems.ToResult(e).Result switch
            {
                ValidationProblem validation => validation,
                ProblemHttpResult other => other,
                _ => throw new UnreachableException(),
            };
        }
    }
}
