using System.Diagnostics;
using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Xunit.Abstractions;

namespace Finance.Tests.Api.Hardening;

/// <summary>
/// Every operation of the OpenAPI document that takes a body, a path value or a query gets bad inputs made from its
/// valid example (<see cref="BadInputCases"/>), sent by an admin of the whole group: each must be refused with a 4xx
/// RFC 9457 problem and write nothing, unless <see cref="BadInputExceptions"/> says why it is valid.
/// </summary>
public sealed class BadInputTests(HardeningFixture fixture, ITestOutputHelper output) : IClassFixture<HardeningFixture>
{
    private readonly HttpClient _admin = fixture.Api.ClientWithToken(Roles.Admin, CompanyAccess.AllCompanies);

    [Fact]
    public void Examples_EveryOperationWithABody_HasOne()
    {
        var missing = fixture.Operations.All
            .Where(o => o.HasBody && ExampleRequests.ByOperationId.GetValueOrDefault(o.OperationId)?.Body is null)
            .Select(o => o.ToString());

        Assert.Empty(missing);
    }

    [Fact]
    public async Task EveryOperation_BadInputs_AreRefusedWithAProblemAndWriteNothing()
    {
        var clock = Stopwatch.StartNew();
        var (sent, failures) = (0, new List<string>());
        foreach (var operation in fixture.Operations.All.Where(o => o.HasBody || o.PathParameters.Count > 0 || o.QueryParameters.Count > 0))
        {
            var cases = BadInputCases.For(await ExampleRequests.PrepareAsync(operation, fixture.Own)).ToList();
            if (operation.HasBody && !cases.Any(c => c.Part == "body")) failures.Add($"{operation}: no example body to mutate");
            var (before, started) = (failures.Count, clock.Elapsed);
            foreach (var input in cases)
            {
                if (await CheckAsync(input) is { } failure) failures.Add(failure);
            }
            sent += cases.Count;
            output.WriteLine($"{operation.OperationId}: {cases.Count} bad inputs, {failures.Count - before} mishandled, {(clock.Elapsed - started).TotalSeconds:0.0} s");
        }

        output.WriteLine($"Bad inputs sent: {sent} in {clock.Elapsed.TotalSeconds:0} s; mishandled: {failures.Count}");
        foreach (var failure in failures) output.WriteLine(failure);
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} bad inputs mishandled:\n" + string.Join('\n', failures));
    }

    /// <summary>Null when the bad input was refused as it should be; else what went wrong, naming the case.</summary>
    private async Task<string?> CheckAsync(BadInput input)
    {
        var prepared = await ExampleRequests.PrepareAsync(input.Operation, fixture.Own);
        var request = input.Build(prepared);
        var excerpt = request.Content is null ? "" : Shorten(await request.Content.ReadAsStringAsync());
        var url = Shorten(request.RequestUri!.OriginalString);
        var snapshot = await fixture.SnapshotAsync();
        var answer = await Answer.SendAsync(_admin, request, input.Operation.IsEventStream);
        var name = $"{input} → {answer.Status}";
        if (answer.Status >= 500) return $"{name}: server error {answer.Excerpt} [{url} {excerpt}]";
        if (answer.IsSuccess && !RefusedByValidation(input, answer))
        {
            return BadInputExceptions.Reason(input) is not null ? null
                : $"{name}: accepted{await FollowUpsAsync(input, answer, request)} [{url} {excerpt}]";
        }
        var defect = RefusedByValidation(input, answer) || answer.IsRefusedByServer ? null : answer.ProblemDefect();
        var changes = (await fixture.SnapshotAsync()).ChangesSince(snapshot);
        return defect is null && changes is null ? null
            : $"{name}: {string.Join("; ", new[] { defect, changes is null ? null : $"refused but wrote ({changes})" }.OfType<string>())} [{url} {excerpt}]";
    }

    /// <summary>The validate route answers 200 with <c>valid: false</c> and the errors: its way of refusing (it stores nothing).</summary>
    private static bool RefusedByValidation(BadInput input, Answer answer) =>
        input.Operation.OperationId == "ValidateFlowDefinition" && answer.Status == 200 && (bool?)JsonNode.Parse(answer.Body)?["valid"] == false;

    /// <summary>
    /// After a bad value was stored, what reading or moving it on gives: every GET and body-less POST on the stored
    /// resource, reporting server errors (e.g. a year-9999 invoice whose PDF fails). Skipped for big bodies.
    /// </summary>
    private async Task<string> FollowUpsAsync(BadInput input, Answer accepted, HttpRequestMessage request)
    {
        var resource = accepted.Location ?? (input.Operation.Method == "PUT" ? request.RequestUri!.AbsolutePath : null);
        if (resource is null || request.Content?.Headers.ContentLength > 64 * 1024) return "";
        var (path, query) = (resource.Split('?')[0], resource.Contains('?', StringComparison.Ordinal) ? "?" + resource.Split('?')[1] : "");
        var errors = new List<string>();
        foreach (var operation in fixture.Operations.All.Where(o => o.Method == "GET" || (o.Method == "POST" && !o.HasBody && accepted.Location is not null)))
        {
            if (!operation.Path.StartsWith(Template(path), StringComparison.Ordinal) || operation.PathParameters.Count != 1) continue;
            var url = operation.Path.Replace("{id}", path.Split('/')[^1], StringComparison.Ordinal) + (operation.Method == "GET" ? query : "");
            var answer = await Answer.SendAsync(_admin, new HttpRequestMessage(new HttpMethod(operation.Method), url));
            if (answer.Status >= 500) errors.Add($"{operation.Method} {url} → {answer.Status}");
        }
        return errors.Count == 0 ? "" : $", then {string.Join(", ", errors)}";
    }

    /// <summary><c>/api/invoices/3f2…</c> → <c>/api/invoices/{id}</c>.</summary>
    private static string Template(string path) => path[..(path.LastIndexOf('/') + 1)] + "{id}";

    private static string Shorten(string text) => Answer.Printable(text.Length <= 120 ? text : $"{text[..100]}…({text.Length:N0} chars)");
}
