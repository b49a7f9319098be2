namespace Finance.Api.Banking;

public static class BankingEndpoints
{
    /// <summary>The banking capability's routes: statement import, CSV profiles, accounts and transactions, reconciliation, sync conflicts, Revolut webhooks.</summary>
    public static IEndpointRouteBuilder MapBanking(this IEndpointRouteBuilder app)
    {
        app.MapStatementEndpoints();
        app.MapTransactionEndpoints();
        app.MapReconciliationEndpoints();
        app.MapReconciliationRuleEndpoints();
        app.MapSyncConflictEndpoints();
        app.MapRevolutWebhookEndpoints();
        return app;
    }
}
