namespace Finance.Api.Invoicing;

/// <summary>The invoicing capability's routes: customers, invoices, their payments and what flows do for them.</summary>
public static class InvoicingEndpoints
{
    public static IEndpointRouteBuilder MapInvoicing(this IEndpointRouteBuilder app)
    {
        app.MapCustomerEndpoints();
        app.MapInvoiceEndpoints();
        app.MapInvoicePaymentEndpoints();
        app.MapInvoiceFlowEndpoints();
        return app;
    }
}
