namespace Finance.Api.Infrastructure;

public static class ProblemDetailsExtensions
{
    /// <summary>Every error leaves as RFC 9457 problem details, with a trace id and never a stack trace.</summary>
    public static IHostApplicationBuilder AddFinanceProblemDetails(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        return builder;
    }

    public static WebApplication UseFinanceProblemDetails(this WebApplication app)
    {
        // Placed before anything else, so it answers before the developer exception page would print a stack.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                OperationCanceledException => StatusCodes.Status499ClientClosedRequest,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        // 401 and 403 from authentication and 404 for unknown routes come without a body: give them one.
        app.UseStatusCodePages();
        return app;
    }
}
