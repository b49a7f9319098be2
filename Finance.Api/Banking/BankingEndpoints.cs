namespace Finance.Api.Banking;

public static class BankingEndpoints
{
    /// <summary>The banking capability's routes: statement import, CSV profiles, accounts and transactions, reconciliation, sync conflicts.</summary>
    public static IEndpointRouteBuilder MapBanking(this IEndpointRouteBuilder app)
    {
        app.MapStatementEndpoints();
        app.MapTransactionEndpoints();
        app.MapReconciliationEndpoints();
        app.MapReconciliationRuleEndpoints();
        app.MapSyncConflictEndpoints();
        return app;
    }
}
