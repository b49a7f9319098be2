using Finance.Api.Auth;
using Finance.Core.Invoicing;

namespace Finance.Api.Invoicing;

internal static class InvoiceRoutes
{
    /// <summary>
    /// A group of invoice routes: readable by every role, and any route with an <c>{id}</c> checks the invoice's company
    /// first (404 unknown, 403 outside the token's companies claim).
    /// </summary>
    public static RouteGroupBuilder Group(IEndpointRouteBuilder app, string prefix) => app.MapGroup(prefix)
        .WithTags("Invoices")
        .RequireAuthorization(Policies.Read)
        .AddEndpointFilter(new CompanyAccessFilter("invoice", (services, id, ct) => services.GetRequiredService<InvoiceStore>().CompanyOfAsync(id, ct)))
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound);
}
