namespace Finance.Api.Infrastructure;

public static class ProblemDetailsExtensions
{
    /// <summary>Every error leaves as RFC 9457 problem details, with a trace id and never a stack trace.</summary>
    public static IHostApplicationBuilder AddFinanceProblemDetails(this IHostApplicationBuilder builder)
    {
        // A body that cannot be bound (a string for a number, an array for an object) throws instead of a bare 400, so the
        // answer can say which field and why (System.Text.Json names the JSON path).
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<DomainExceptionHandler>();
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.Exception is BadHttpRequestException bad)
            {
                context.ProblemDetails.Title = "Bad request";
                context.ProblemDetails.Detail = bad.InnerException is System.Text.Json.JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
            }
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
            // A caller's bad body, a request the business refuses (DomainExceptionHandler answers it) or a closed connection is not
            // the server's error: no error log for it.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException or Finance.Core.Errors.DomainException or OperationCanceledException,
        });
        // 401 and 403 from authentication and 404 for unknown routes come without a body: give them one.
        app.UseStatusCodePages();
        return app;
    }
}
