using Finance.Api.Auth;
using Finance.Api.Infrastructure;
using Finance.Core.Payables;
using Finance.Workflows.Engines;
using Finance.Workflows.Payables;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Finance.Api.Payables;

/// <summary>
/// Supplier bills: list and read for every role (fields with confidences, corrections, approvals); correct for accountants;
/// approve and reject for approvers. Approving never covers one's own upload, and above the company's four-eyes limit a
/// bill needs two different approvers. A decision wakes the bill's approval flow.
/// </summary>
public static partial class BillEndpoints
{
    [LoggerMessage(LogLevel.Debug, "Bill {BillId} has no approval flow waiting: {Reason}")]
    private static partial void NoApprovalWaiting(ILogger logger, Guid billId, string reason);

    public static RouteGroupBuilder MapBillEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/payables/bills")
            .WithTags("Supplier bills")
            .RequireAuthorization(Policies.Read)
            .AddEndpointFilter(new CompanyAccessFilter("bill", (services, id, ct) => services.GetRequiredService<BillStore>().CompanyOfAsync(id, ct)))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/", List).WithName("ListBills");
        group.MapGet("/{id:guid}", Get).WithName("GetBill");
        group.MapGet("/{id:guid}/document", Document).WithName("GetBillDocument").WithSummary("The document as uploaded.");
        group.MapGet("/{id:guid}/pages/{page:int}", Page).WithName("GetBillPage")
            .WithSummary("Page n (from 1) as an image for the review screen: PDF pages as PNG at 110 dpi, photos and scans as uploaded.");
        group.MapPost("/{id:guid}/corrections", Correct).WithName("CorrectBill").RequireAuthorization(Policies.Write)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/approve", Approve).WithName("ApproveBill").RequireAuthorization(Policies.Approve).AcceptsIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/reject", Reject).WithName("RejectBill").RequireAuthorization(Policies.Approve).AcceptsIdempotencyKey()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Ok<BillResponse[]>, ValidationProblem, ProblemHttpResult>> List(
        string? company, string? status, Guid? supplier, int? limit, HttpContext http, BillStore bills, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not null && !BillStatus.All.Contains(status)) errors["status"] = [$"One of {string.Join(", ", BillStatus.All)}."];
        if (QueryLimit.Error(limit) is { } limitError) errors["limit"] = [limitError];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        company = company?.Trim().ToUpperInvariant();
        if (!http.Companies().TryFilter(company, out var companies)) return Problems.CompanyForbidden(company!);
        var list = await bills.ListAsync(new BillFilter(companies, status, supplier, limit ?? 100), cancellationToken);
        return TypedResults.Ok(list.Select(BillResponse.From).ToArray());
    }

    private static async Task<Ok<BillDetailsResponse>> Get(Guid id, BillStore bills, CancellationToken cancellationToken)
    {
        var bill = (await bills.FindAsync(id, cancellationToken))!;
        return TypedResults.Ok(BillDetailsResponse.From(bill, await bills.SettingsAsync(bill.CompanyCode, cancellationToken)));
    }

    private static async Task<IResult> Document(Guid id, BillStore bills, CancellationToken cancellationToken)
    {
        var bill = (await bills.FindAsync(id, cancellationToken))!;
        var document = await bills.DocumentAsync(bill.DocumentId, cancellationToken);
        return document is { } d ? TypedResults.File(d.Content, d.MediaType) : TypedResults.NotFound();
    }

    private static async Task<IResult> Page(Guid id, int page, BillPages pages, CancellationToken cancellationToken)
    {
        try
        {
            return await pages.PageAsync(id, page, cancellationToken) is { } image
                ? TypedResults.File(image.Content, image.MediaType)
                : Problems.NotFound($"The bill's document has no page {page}.");
        }
        catch (Finance.Core.Errors.DomainException e)
        {
            return DomainProblems.ToProblem(e);
        }
    }

    private static Task<Results<Ok<BillResponse>, ValidationProblem, ProblemHttpResult>> Correct(
        Guid id, CorrectBillRequest request, HttpContext http, BillReview review, CancellationToken cancellationToken) =>
        ProblemOutcome.Run(() => IdempotentPost.RunAsync(http, http.ResourceCompany(), request, async transaction =>
        {
            var bill = await review.CorrectAsync(transaction, id, request.Field, request.Value, Caller(http), cancellationToken);
            return new IdempotentAnswer<BillResponse>(StatusCodes.Status200OK, null, BillResponse.From(bill));
        }, answer => TypedResults.Ok(answer.Value), cancellationToken));

    private static Task<Results<Ok<ApprovalResponse>, ValidationProblem, ProblemHttpResult>> Approve(
        Guid id, ApproveBillRequest request, HttpContext http, BillReview review, IFlowEngine flows, ILoggerFactory logs,
        CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            if (request.Comment is { Length: > 500 }) throw Core.Errors.ValidationException.For("comment", "At most 500 characters.");
            var result = await IdempotentPost.RunAsync(http, http.ResourceCompany(), request, async transaction =>
            {
                var outcome = await review.ApproveAsync(transaction, id, Caller(http), request.Comment, cancellationToken);
                return new IdempotentAnswer<ApprovalResponse>(StatusCodes.Status200OK, null, new ApprovalResponse(BillResponse.From(outcome.Bill), outcome.StillNeeded));
            }, answer => TypedResults.Ok(answer.Value), cancellationToken);
            await WakeApprovalAsync(flows, id, logs, cancellationToken);
            return result;
        });

    private static Task<Results<Ok<BillResponse>, ValidationProblem, ProblemHttpResult>> Reject(
        Guid id, RejectBillRequest request, HttpContext http, BillReview review, IFlowEngine flows, ILoggerFactory logs,
        CancellationToken cancellationToken) =>
        ProblemOutcome.Run(async () =>
        {
            var result = await IdempotentPost.RunAsync(http, http.ResourceCompany(), request, async transaction =>
            {
                var bill = await review.RejectAsync(transaction, id, Caller(http), request.Reason, cancellationToken);
                return new IdempotentAnswer<BillResponse>(StatusCodes.Status200OK, null, BillResponse.From(bill));
            }, answer => TypedResults.Ok(answer.Value), cancellationToken);
            await WakeApprovalAsync(flows, id, logs, cancellationToken);
            return result;
        });

    /// <summary>
    /// Tells the bill's approval flow a decision was stored (after the commit, so the flow reads it). The flow reads the bill
    /// on every wake-up, its own timers included, so a signal that fails here delays the flow, it does not lose the decision.
    /// </summary>
    private static async Task WakeApprovalAsync(IFlowEngine flows, Guid billId, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        try
        {
            await flows.SignalAsync(PayableFlows.ApprovalInstanceId(billId), PayableFlows.DecidedSignal, null, cancellationToken);
        }
        catch (Exception e) when (e is FlowInstanceNotFoundException or FlowInstanceFinishedException)
        {
            NoApprovalWaiting(logs.CreateLogger(typeof(BillEndpoints)), billId, e.Message);
        }
    }

    internal static string Caller(HttpContext http) =>
        http.User.Subject() ?? throw new InvalidOperationException("An authenticated caller has a subject.");
}
