using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Finance.Api.Infrastructure;

public static class OpenApiExtensions
{
    public static IHostApplicationBuilder AddFinanceOpenApi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Finance API";
            document.Info.Description = "Invoices, supplier bills, banking and flows for the companies of the group. Every /api route needs a bearer token.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT with a role claim (admin, accountant, approver, viewer) and a companies claim.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
            return Task.CompletedTask;
        }));
        return builder;
    }

    /// <summary>The document at <c>/openapi/v1.json</c> and the Scalar UI at <c>/scalar</c>, both readable without a token.</summary>
    public static WebApplication MapFinanceOpenApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference().AllowAnonymous();
        return app;
    }
}
