using System.Net.Http.Headers;
using System.Security.Cryptography;
using Finance.Api.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Finance.Tests.Infrastructure;

/// <summary>
/// The real API host over the class's database and Redis prefix, with a signing key made for this run. A test that
/// moves time passes a <see cref="FakeTimeProvider"/>; extra settings (e.g. <c>Smtp:Port</c>) override configuration;
/// <c>services</c> replaces a third-party boundary (the Temporal client when no server can run).
/// </summary>
public sealed class ApiFactory(
    DatabaseFixture database, FakeTimeProvider? clock = null, IReadOnlyDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    private readonly AuthOptions _auth = new() { SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)) };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:finance", database.ConnectionString);
        builder.UseSetting("ConnectionStrings:redis", database.RedisConnectionString);
        builder.UseSetting("Redis:KeyPrefix", database.RedisKeyPrefix);
        builder.UseSetting("Auth:SigningKey", _auth.SigningKey);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        if (clock is not null)
        {
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
        }
        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public string Token(string role = Roles.Admin, params string[] companies) =>
        DevTokens.Create(_auth, $"test-{role}", [role], companies.Length == 0 ? [CompanyAccess.AllCompanies] : companies,
            DateTimeOffset.UtcNow, TimeSpan.FromHours(1));

    /// <summary>A client whose token names its person (<c>sub</c>), for rules about who did what (four eyes, own uploads).</summary>
    public HttpClient CreateClientWithToken(string role, string subject, params string[] companies)
    {
        var client = CreateClient();
        var token = DevTokens.Create(_auth, subject, [role], companies.Length == 0 ? [CompanyAccess.AllCompanies] : companies,
            DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient ClientWithToken(string role = Roles.Admin, params string[] companies)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, companies));
        return client;
    }
}
