using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Finance.Api.Auth;
using Finance.Api.Companies;
using Finance.Tests.Infrastructure;

namespace Finance.Tests.Api;

public sealed class CompanyEndpointTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly ApiFactory _api = fixture.Api;

    [Fact]
    public async Task ListCompanies_AdminForWholeGroup_ReturnsFive()
    {
        var companies = await _api.ClientWithToken().GetFromJsonAsync<CompanyResponse[]>("/api/companies");

        Assert.NotNull(companies);
        Assert.Equal(["HYPERVISUAL", "DAINAMICS", "LEXAIA", "ENKI_REALTY", "TAKEOUT"], companies.Select(c => c.Code));
        var lexaia = companies.Single(c => c.Code == "LEXAIA");
        Assert.Equal("Lexaia Sàrl", lexaia.Name);
        Assert.Equal("CHF", lexaia.Currency);
        Assert.StartsWith("CH", lexaia.BankAccounts.Single().QrIban, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListCompanies_ViewerLimitedToTwo_ReturnsOnlyThose()
    {
        var companies = await _api.ClientWithToken(Roles.Viewer, "LEXAIA,TAKEOUT").GetFromJsonAsync<CompanyResponse[]>("/api/companies");

        Assert.Equal(["LEXAIA", "TAKEOUT"], companies!.Select(c => c.Code));
    }

    [Fact]
    public async Task GetCompany_Known_ReturnsIt()
    {
        var company = await _api.ClientWithToken(Roles.Accountant).GetFromJsonAsync<CompanyResponse>("/api/companies/enki_realty");

        Assert.Equal("Enki Realty SA", company!.Name);
        Assert.Equal("it", company.DefaultLanguage);
        Assert.Equal("Lugano", company.Address.Town);
    }

    [Fact]
    public async Task GetCompany_Unknown_Returns404Problem()
    {
        var response = await _api.ClientWithToken().GetAsync("/api/companies/NOPE");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "NOPE");
    }

    [Fact]
    public async Task GetCompany_OutsideCompaniesClaim_Returns403Problem()
    {
        var response = await _api.ClientWithToken(Roles.Admin, "HYPERVISUAL").GetAsync("/api/companies/DAINAMICS");

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "DAINAMICS");
    }

    [Fact]
    public async Task GetCompany_WithoutToken_Returns401Problem()
    {
        var response = await _api.CreateClient().GetAsync("/api/companies/HYPERVISUAL");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ListCompanies_TokenSignedWithAnotherKey_Returns401()
    {
        var stranger = new AuthOptions { SigningKey = new string('k', 24) + Guid.NewGuid().ToString("N") };
        var token = DevTokens.Create(stranger, "mallory", [Roles.Admin], ["*"], DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/companies");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ListCompanies_TokenWithUnknownRole_Returns403()
    {
        var response = await _api.ClientWithToken("intern").GetAsync("/api/companies");

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task OpenApi_Anonymous_DescribesCompanyRoutesAndBearerScheme()
    {
        var client = _api.CreateClient();

        using var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var scalar = await client.GetAsync("/scalar");

        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/companies/{code}", out _));
        Assert.True(paths.TryGetProperty("/api/events", out _));
        Assert.Equal("bearer", document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
    }

    [Fact]
    public async Task Health_Anonymous_ReportsHealthyWithDatabaseAndRedis()
    {
        var response = await _api.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? detailContains = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(problem.RootElement.TryGetProperty("exception", out _));
        if (detailContains is not null)
        {
            Assert.Contains(detailContains, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }
}
