namespace Finance.Api.Payables;

public static class PayablesEndpoints
{
    /// <summary>The supplier-bills routes: document upload, bills and suppliers.</summary>
    public static IEndpointRouteBuilder MapPayables(this IEndpointRouteBuilder app)
    {
        app.MapDocumentEndpoints();
        app.MapBillEndpoints();
        app.MapSupplierEndpoints();
        return app;
    }
}
