using Finance.Api.Auth;
using Xunit.Abstractions;
using static Finance.Tests.Api.Hardening.HardeningFixture;

namespace Finance.Tests.Api.Hardening;

/// <summary>
/// Every operation of the OpenAPI document × every role × own, foreign and group scope, against the rules of
/// <see cref="AuthorizationExpectations"/>; a refused request must also leave the database as it was. Each test
/// collects its failures and reports them together, one line per case.
/// </summary>
public sealed partial class AuthorizationMatrixTests(HardeningFixture fixture, ITestOutputHelper output) : IClassFixture<HardeningFixture>
{
    private static readonly Scope[] Scopes = [Scope.Own, Scope.Foreign, Scope.Group];

    private readonly Dictionary<(string Role, string Companies), HttpClient> _clients = [];

    private HttpClient Client(string role, string companies = OwnCompany) =>
        _clients.TryGetValue((role, companies), out var client) ? client : _clients[(role, companies)] = fixture.Api.ClientWithToken(role, companies);

    [Fact]
    public void Expectations_CoverEveryOperationOfTheDocument()
    {
        var ids = fixture.Operations.All.Select(o => o.OperationId).ToHashSet();

        var missing = fixture.Operations.All.Where(o => !AuthorizationExpectations.ByOperationId.ContainsKey(o.OperationId)).Select(o => $"no expectation: {o}");
        var noExample = fixture.Operations.All.Where(o => !ExampleRequests.ByOperationId.ContainsKey(o.OperationId)).Select(o => $"no example request: {o}");
        var stale = AuthorizationExpectations.ByOperationId.Keys.Concat(ExampleRequests.ByOperationId.Keys).Where(id => !ids.Contains(id))
            .Distinct().Select(id => $"not in the document any more: {id}");

        Assert.Empty(missing.Concat(noExample).Concat(stale));
    }

    [Fact]
    public async Task Matrix_EveryOperationRoleAndScope_AnswersAsTheTableSays()
    {
        var failures = new List<string>();
        foreach (var operation in fixture.Operations.All)
        {
            if (!AuthorizationExpectations.ByOperationId.TryGetValue(operation.OperationId, out var expectation))
            {
                failures.Add($"{operation}: not in AuthorizationExpectations");
                continue;
            }
            foreach (var role in Roles.All)
            {
                foreach (var scope in Scopes)
                {
                    if (await CheckAsync(operation, expectation, role, scope) is { } failure) failures.Add(failure);
                }
            }
        }

        output.WriteLine($"Authorization matrix: {fixture.Operations.All.Count} operations × {Roles.All.Length} roles × {Scopes.Length} scopes = "
            + $"{fixture.Operations.All.Count * Roles.All.Length * Scopes.Length} requests");
        Report(failures);
    }

    private async Task<string?> CheckAsync(ApiOperation operation, Expectation expectation, string role, Scope scope)
    {
        var prepared = await ExampleRequests.PrepareAsync(operation, scope == Scope.Own ? fixture.Own : fixture.Foreign);
        var before = await fixture.SnapshotAsync();
        var answer = await Answer.SendAsync(Client(role, scope == Scope.Group ? CompanyAccess.AllCompanies : OwnCompany), prepared.Message(), operation.IsEventStream);
        var name = $"{operation.OperationId} as {role}, {scope} scope";
        if (expectation.Refusal(role, scope) is not { } refusal)
        {
            return !answer.IsSuccess ? $"{name}: expected 2xx, got {answer.Status} {answer.Excerpt}"
                : scope != Scope.Group && answer.ItemsOutside(OwnCompany) is { Count: > 0 } leaked ? $"{name}: lists items of {string.Join(", ", leaked.Distinct())}"
                : null;
        }
        return await RefusedAsync(name, answer, refusal, before);
    }

    /// <summary>Null when <paramref name="answer"/> is the <paramref name="status"/> problem and nothing was written since <paramref name="before"/>.</summary>
    private async Task<string?> RefusedAsync(string name, Answer answer, int status, DatabaseSnapshot before)
    {
        var wrong = new List<string>();
        if (answer.Status != status) wrong.Add($"expected {status}, got {answer.Status}");
        else if (answer.ProblemDefect() is { } defect) wrong.Add(defect);
        if ((await fixture.SnapshotAsync()).ChangesSince(before) is { } changes) wrong.Add($"and it wrote ({changes})");
        return wrong.Count == 0 ? null : $"{name}: {string.Join("; ", wrong)} {answer.Excerpt}";
    }

    [Fact]
    public async Task Lists_CompanyScopedToken_ShowOnlyItsCompanies()
    {
        await fixture.Foreign.NewFailedInstanceAsync();
        var failures = new List<string>();
        var lists = fixture.Operations.All.Where(o => o.Method == "GET" && o.PathParameters.Count == 0 && o.OperationId != "StreamEvents");
        foreach (var operation in lists)
        {
            var answer = await Answer.SendAsync(Client(Roles.Viewer), new HttpRequestMessage(HttpMethod.Get, operation.Path));
            if (answer.ItemsOutside(OwnCompany) is { Count: > 0 } leaked) failures.Add($"{operation} without filter, HYPERVISUAL token: lists {string.Join(", ", leaked.Distinct())}");
            if (!operation.QueryParameters.Any(p => p.Name == "company")) continue;
            var before = await fixture.SnapshotAsync();
            var filtered = await Answer.SendAsync(Client(Roles.Viewer), new HttpRequestMessage(HttpMethod.Get, $"{operation.Path}?company={ForeignCompany}"));
            if (await RefusedAsync($"{operation} ?company={ForeignCompany}, HYPERVISUAL token", filtered, 403, before) is { } f) failures.Add(f);
        }
        Report(failures);
    }

    [Fact]
    public async Task UnknownIds_EveryOperationWithAnId_Answers404()
    {
        var failures = new List<string>();
        foreach (var operation in fixture.Operations.All.Where(o => o.PathParameters.Count > 0))
        {
            var prepared = await ExampleRequests.PrepareAsync(operation, fixture.Own);
            var unknown = prepared with
            {
                PathValues = prepared.PathValues.ToDictionary(p => p.Key, p => operation.PathParameters.Single(x => x.Name == p.Key) switch
                {
                    { IsInteger: true } => p.Value,
                    _ when Guid.TryParse(p.Value, out _) => Guid.NewGuid().ToString(),
                    _ => $"UNKNOWN{Guid.NewGuid():N}",
                }),
            };
            var before = await fixture.SnapshotAsync();
            var answer = await Answer.SendAsync(Client(Roles.Admin, CompanyAccess.AllCompanies), unknown.Message());
            if (await RefusedAsync($"{operation} with unknown {string.Join(", ", unknown.PathValues.Values)}", answer, 404, before) is { } f) failures.Add(f);
        }
        Report(failures);
    }

    private void Report(List<string> failures)
    {
        foreach (var failure in failures) output.WriteLine(failure);
        Assert.True(failures.Count == 0, $"{failures.Count} failing cases:\n" + string.Join('\n', failures));
    }
}
