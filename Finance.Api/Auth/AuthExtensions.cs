using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Finance.Api.Auth;

public static class AuthExtensions
{
    /// <summary>JWT bearer on every endpoint unless it says AllowAnonymous; roles and company claims as in <see cref="Roles"/>.</summary>
    public static IHostApplicationBuilder AddFinanceAuth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        builder.Services.AddHostedService<DevTokenWriter>();

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) => Configure(jwt, auth.Value));

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(RequireRole(Roles.All))
            .AddPolicy(Policies.Read, RequireRole(Roles.All))
            .AddPolicy(Policies.Write, RequireRole(Roles.Admin, Roles.Accountant))
            .AddPolicy(Policies.Approve, RequireRole(Roles.Admin, Roles.Approver))
            .AddPolicy(Policies.Administer, RequireRole(Roles.Admin));
        return builder;
    }

    private static Microsoft.AspNetCore.Authorization.AuthorizationPolicy RequireRole(params string[] roles) =>
        new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder(JwtBearerDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireRole(roles)
            .Build();

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth)
    {
        // Keep claim names as issued ("role", "companies", "sub") instead of the WS-* URIs.
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAudience = auth.Audience,
            RoleClaimType = "role",
            NameClaimType = "sub",
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        if (!string.IsNullOrWhiteSpace(auth.Authority))
        {
            // Issuer and signing keys come from the authority's discovery document.
            jwt.Authority = auth.Authority;
        }
        else
        {
            jwt.TokenValidationParameters.ValidIssuer = auth.Issuer;
            jwt.TokenValidationParameters.IssuerSigningKey = DevTokens.SigningKey(auth.SigningKey!);
        }
    }
}
