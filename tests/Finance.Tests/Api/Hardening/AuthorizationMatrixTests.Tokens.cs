using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Finance.Api.Auth;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Finance.Tests.Api.Hardening;

/// <summary>Requests without a valid token: every operation answers 401 and writes nothing.</summary>
public sealed partial class AuthorizationMatrixTests
{
    [Fact]
    public async Task EveryOperation_MissingOrInvalidToken_Answers401()
    {
        var failures = new List<string>();
        var tokens = InvalidTokens();
        foreach (var operation in fixture.Operations.All)
        {
            foreach (var (kind, token) in tokens)
            {
                var prepared = await ExampleRequests.PrepareAsync(operation, fixture.Own);
                var request = prepared.Message();
                if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var before = await fixture.SnapshotAsync();
                var answer = await Answer.SendAsync(fixture.Api.CreateClient(), request, operation.IsEventStream);
                if (await RefusedAsync($"{operation.OperationId} with {kind}", answer, 401, before) is { } failure) failures.Add(failure);
            }
        }

        output.WriteLine($"Unauthenticated: {fixture.Operations.All.Count} operations × {tokens.Count} kinds of token");
        Report(failures);
    }

    /// <summary>No token, garbage, expired, signed with another key, unsigned (<c>alg: none</c>): each for an admin of the whole group.</summary>
    private List<(string Kind, string? Token)> InvalidTokens()
    {
        var auth = fixture.Api.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var now = DateTimeOffset.UtcNow;
        var stranger = new AuthOptions { Issuer = auth.Issuer, Audience = auth.Audience, SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) };
        var valid = DevTokens.Create(auth, "mallory", [Roles.Admin], [CompanyAccess.AllCompanies], now, TimeSpan.FromHours(1));
        return
        [
            ("no token", null),
            ("a token that is not a JWT", "not-a-jwt"),
            ("an expired token", DevTokens.Create(auth, "mallory", [Roles.Admin], [CompanyAccess.AllCompanies], now.AddHours(-3), TimeSpan.FromHours(1))),
            ("a token signed with another key", DevTokens.Create(stranger, "mallory", [Roles.Admin], [CompanyAccess.AllCompanies], now, TimeSpan.FromHours(1))),
            ("an unsigned token (alg none)", Unsigned(valid)),
        ];
    }

    /// <summary>The claims of <paramref name="token"/> under the header <c>{"alg":"none"}</c> and no signature.</summary>
    private static string Unsigned(string token)
    {
        var header = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"alg":"none","typ":"JWT"}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{header}.{token.Split('.')[1]}.";
    }
}
