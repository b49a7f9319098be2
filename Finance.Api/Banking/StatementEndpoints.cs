using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Banking.Import;
using Finance.Core.Banking.Statements;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Finance.Api.Banking;

/// <summary>
/// <c>POST /api/banking/statements</c> (multipart field <c>file</c>, and <c>account</c> (IBAN) for a CSV export that does not name it): camt.052/053/054 XML, a ZIP of them, or a CSV export
/// of PostFinance, UBS, Raiffeisen, ZKB, Revolut or a profile an admin added; up to 50 MB. The accounts a file names
/// decide its companies, which the caller's token must cover; the file is stored whole or not at all.
/// </summary>
public static class StatementEndpoints
{
    public const long MaxFileBytes = 50 * 1024 * 1024;

    public static RouteGroupBuilder MapStatementEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/banking")
            .WithTags("Banking")
            .RequireAuthorization(Policies.Write)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/statements", Import).WithName("ImportBankStatement").DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxFileBytes + 64 * 1024))
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapGroup("/api/banking").WithTags("Banking").RequireAuthorization(Policies.Read).MapGet("/csv-profiles", ListProfiles).WithName("ListCsvProfiles");
        group.MapPut("/csv-profiles", SaveProfile).WithName("SaveCsvProfile").RequireAuthorization(Policies.Administer)
            .WithSummary("Adds or replaces a CSV mapping profile (JSON, as the built-in ones): a new bank export without code.")
            .RequireWholeGroup("CSV profiles");
        return group;
    }

    private static async Task<Results<Created<StatementImportResult>, ValidationProblem, ProblemHttpResult>> Import(HttpContext http,
        StatementImporter importer, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Send multipart/form-data with the field file."] });
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = MaxFileBytes + 64 * 1024 }, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? TooLarge()
                : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [$"The form could not be read: {e.Message}"] });
        }
        if (form.Files.GetFile("file") is not { } file)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["The bank file is required (field file)."] });
        if (file.Length > MaxFileBytes) return TooLarge();
        using var content = new MemoryStream((int)file.Length);
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(content, cancellationToken);
        }
        content.Position = 0;
        return await ProblemOutcome.Run(async () =>
        {
            var account = form["account"].ToString() is { Length: > 0 and <= 42 } given ? given : null;
            var result = await importer.ImportAsync(content, file.FileName, http.Companies().Allowed, http.User.Subject() ?? "api", cancellationToken, account);
            return TypedResults.Created("/api/banking/transactions", result);
        });
    }

    private static ProblemHttpResult TooLarge() => TypedResults.Problem($"A bank file is limited to {MaxFileBytes / 1024 / 1024} MB.",
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "File too large");

    private static async Task<Ok<CsvProfilesResponse>> ListProfiles(CsvProfileStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new CsvProfilesResponse([.. CsvProfiles.BuiltIn], [.. await store.ListAsync(cancellationToken)]));

    private static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> SaveProfile(CsvProfile profile, HttpContext http, CsvProfileStore store,
        CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            await store.SaveAsync(profile, http.User.Subject() ?? "api", cancellationToken);
            return TypedResults.NoContent();
        });
}

public sealed record CsvProfilesResponse(CsvProfile[] BuiltIn, CsvProfile[] Custom);
