using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Companies;
using Finance.Core.Payables;
using Finance.Workflows.Engines;
using Finance.Workflows.Payables;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Finance.Api.Payables;

/// <summary>
/// <c>POST /api/payables/documents</c> (multipart: <c>company</c>, <c>file</c>): a supplier's bill as PDF, PNG, JPEG or TIFF,
/// up to 20 MB, its type sniffed from its bytes. The bill and the start of its <c>payable.process</c> commit together;
/// the same bytes a second time make a duplicate bill that is never paid.
/// </summary>
public static class DocumentEndpoints
{
    public const long MaxDocumentBytes = 20 * 1024 * 1024;

    public static RouteGroupBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/payables/documents")
            .WithTags("Supplier bills")
            .RequireAuthorization(Policies.Write)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", Upload).WithName("UploadBillDocument").DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxDocumentBytes + 64 * 1024))
            .Accepts<IFormFile>("multipart/form-data")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return group;
    }

    private static async Task<Results<Created<BillResponse>, ValidationProblem, ProblemHttpResult>> Upload(
        HttpContext http, CompanyStore companies, BillIntake intake, FlowStartOutbox flowStarts, NpgsqlDataSource dataSource,
        CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["Send multipart/form-data with the fields company and file."] });
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = MaxDocumentBytes + 64 * 1024 }, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } || e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)
                ? TypedResults.Problem($"A document is limited to {MaxDocumentBytes / 1024 / 1024} MB.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Document too large")
                : TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = [$"The form could not be read: {e.Message}"] });
        }
        var company = form["company"].ToString().Trim().ToUpperInvariant();
        var file = form.Files.GetFile("file");
        var errors = new Dictionary<string, string[]>();
        if (company.Length == 0) errors["company"] = ["The company code is required."];
        if (file is null) errors["file"] = ["The document is required (field file)."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (await companies.FindAsync(company, cancellationToken) is null) return Problems.NotFound($"No company with code '{company}'.");
        if (!http.Companies().CanAccess(company)) return Problems.CompanyForbidden(company);
        if (file!.Length > MaxDocumentBytes)
            return TypedResults.Problem($"A document is limited to {MaxDocumentBytes / 1024 / 1024} MB.", statusCode: StatusCodes.Status413PayloadTooLarge, title: "Document too large");

        var content = new byte[file.Length];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(content, cancellationToken);
        }
        return await ProblemOutcome.Run(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var received = await intake.ReceiveAsync(transaction, company, content, file.FileName, BillEndpoints.Caller(http), cancellationToken);
            if (!received.DuplicateDocument)
            {
                await flowStarts.AppendAsync(transaction, new StartFlowRequest(PayableFlows.ProcessId, new() { ["billId"] = received.Bill.Id.ToString() },
                    company, received.Bill.Id.ToString(), InstanceId: PayableFlows.ProcessInstanceId(received.Bill.Id)), cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
            return TypedResults.Created($"/api/payables/bills/{received.Bill.Id}", BillResponse.From(received.Bill));
        });
    }
}
