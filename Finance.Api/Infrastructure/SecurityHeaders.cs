using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Finance.Api.Infrastructure;

/// <summary>
/// Response headers every answer carries (OWASP Secure Headers): no MIME sniffing anywhere; no caching of API answers
/// (invoices, PDFs and personal data must not stay in a shared or browser cache); a content security policy and no
/// framing for the Scalar page; and no <c>Server</c> header naming the web server.
/// </summary>
public static class SecurityHeaders
{
    // Scalar's page is served from this host (its script and styles inline or under /scalar); nothing else is loaded.
    private const string ScalarPolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";

    public static IHostApplicationBuilder AddFinanceSecurityHeaders(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<KestrelServerOptions>(o => o.AddServerHeader = false);
        return builder;
    }

    /// <summary>First in the pipeline, so error answers carry the headers too.</summary>
    public static WebApplication UseFinanceSecurityHeaders(this WebApplication app)
    {
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                if (http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) && string.IsNullOrEmpty(headers.CacheControl))
                {
                    headers.CacheControl = "no-store";
                }
                else if (http.Request.Path.StartsWithSegments("/scalar", StringComparison.Ordinal))
                {
                    headers.ContentSecurityPolicy = ScalarPolicy;
                    headers.XFrameOptions = "DENY";
                }
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }
}
