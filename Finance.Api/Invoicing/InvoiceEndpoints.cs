using Finance.Core.Errors;
using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Companies;
using Finance.Core.Invoicing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Invoicing;

/// <summary>Invoices: drafts, issue, sent, cancel, list and get, and the PDF with its QR-bill.</summary>
public static class InvoiceEndpoints
{
    public static RouteGroupBuilder MapInvoiceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = InvoiceRoutes.Group(app, "/api/invoices");

        group.MapGet("/", ListInvoices).WithName("ListInvoices");
        group.MapGet("/{id:guid}", GetInvoice).WithName("GetInvoice");
        group.MapGet("/{id:guid}/pdf", GetInvoicePdf).WithName("GetInvoicePdf").Produces(StatusCodes.Status200OK, contentType: "application/pdf");
        group.MapPost("/", CreateDraft).WithName("CreateInvoiceDraft").RequireAuthorization(Policies.Write);
        group.MapPut("/{id:guid}", UpdateDraft).WithName("UpdateInvoiceDraft").RequireAuthorization(Policies.Write);
        group.MapPost("/{id:guid}/issue", Issue).WithName("IssueInvoice").RequireAuthorization(Policies.Write);
        group.MapPost("/{id:guid}/sent", MarkSent).WithName("MarkInvoiceSent").RequireAuthorization(Policies.Write);
        group.MapPost("/{id:guid}/cancel", Cancel).WithName("CancelInvoice").RequireAuthorization(Policies.Write);
        return group;
    }

    private static Task<Results<Ok<InvoiceResponse[]>, ValidationProblem, ProblemHttpResult>> ListInvoices(
        string? company, string? status, Guid? customerId, bool? overdue, int? limit, int? offset,
        HttpContext http, CompanyStore companies, InvoiceStore invoices, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            IReadOnlyCollection<string>? scope = company is null ? http.Companies().Allowed : [await http.EnsureCompanyAsync(companies, company, cancellationToken)];
            var errors = new FieldErrors();
            if (status is not null && !InvoiceStatus.All.Contains(status)) errors.Add("status", $"Status must be one of {string.Join(", ", InvoiceStatus.All)}.");
            if (QueryLimit.Error(limit) is { } limitError) errors.Add("limit", limitError);
            if (offset is < 0) errors.Add("offset", "Offset must be 0 or more.");
            errors.ThrowIfAny();
            var filter = new InvoiceFilter(scope, status, customerId, overdue ?? false, SwissCalendar.Today(invoices.Clock), limit ?? 100, offset ?? 0);
            var list = await invoices.ListAsync(filter, cancellationToken);
            return TypedResults.Ok(list.Select(InvoiceResponse.From).ToArray());
        });

    private static async Task<Ok<InvoiceResponse>> GetInvoice(Guid id, InvoiceStore invoices, CancellationToken cancellationToken) =>
        TypedResults.Ok(InvoiceResponse.From((await invoices.FindAsync(id, cancellationToken))!));

    private static async Task<FileContentHttpResult> GetInvoicePdf(Guid id, InvoicePdf pdf, CancellationToken cancellationToken)
    {
        var (invoice, bytes) = (await pdf.RenderAsync(id, cancellationToken))!.Value;
        return TypedResults.File(bytes, "application/pdf", $"{invoice.Number ?? "draft-" + invoice.Id.ToString("N")}.pdf");
    }

    private static Task<Results<Created<InvoiceResponse>, ValidationProblem, ProblemHttpResult>> CreateDraft(
        InvoiceRequest request, HttpContext http, CompanyStore companies, InvoiceDrafts drafts, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            var code = await http.EnsureCompanyAsync(companies, request.Company, cancellationToken);
            var invoice = await drafts.CreateAsync(request.ToInput() with { CompanyCode = code }, cancellationToken);
            return TypedResults.Created($"/api/invoices/{invoice.Id}", InvoiceResponse.From(invoice));
        });

    private static Task<Results<Ok<InvoiceResponse>, ValidationProblem, ProblemHttpResult>> UpdateDraft(
        Guid id, InvoiceRequest request, InvoiceDrafts drafts, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () => TypedResults.Ok(InvoiceResponse.From(await drafts.UpdateAsync(id, request.ToInput(), cancellationToken))));

    private static Task<Results<Ok<InvoiceResponse>, ValidationProblem, ProblemHttpResult>> Issue(
        Guid id, InvoiceLifecycle lifecycle, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () => TypedResults.Ok(InvoiceResponse.From(await lifecycle.IssueAsync(id, cancellationToken))));

    private static Task<Results<Ok<InvoiceResponse>, ValidationProblem, ProblemHttpResult>> MarkSent(
        Guid id, InvoiceLifecycle lifecycle, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () => TypedResults.Ok(InvoiceResponse.From(await lifecycle.MarkSentAsync(id, cancellationToken))));

    private static Task<Results<Ok<InvoiceResponse>, ValidationProblem, ProblemHttpResult>> Cancel(
        Guid id, InvoiceLifecycle lifecycle, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () => TypedResults.Ok(InvoiceResponse.From(await lifecycle.CancelAsync(id, cancellationToken))));
}
