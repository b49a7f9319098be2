using Finance.Api.Auth;
using Finance.Core.Banking;

namespace Finance.Api.Banking;

/// <summary>A bank transaction named by the route's id belongs to one company: the token must cover it (403), and it must exist (404).</summary>
internal static class BankTransactionAccess
{
    public static CompanyAccessFilter Filter() => new("bank transaction", (services, id, ct) =>
        services.GetRequiredService<BankTransactionStore>().CompanyOfAsync(id, ct));
}
