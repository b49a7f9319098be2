using Finance.Core.Companies;
using Finance.Core.Payables;
using Finance.Core.Reading;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class PayablesServices
{
    /// <summary>
    /// The supplier-bills domain: bills and their documents, suppliers, review (approve, reject, correct), the records flow
    /// inputs name and its migrations (0400–0499). Hosts call <c>AddPayables()</c> (Finance.Workflows), which adds the
    /// reading, activities and flows to this.
    /// </summary>
    public static IHostApplicationBuilder AddPayablesServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddFinanceMigrations("payables", typeof(PayablesServices).Assembly, "Finance.Core.Payables.Migrations.", 400, 499);
        builder.Services.AddSingleton<BillStore>();
        builder.Services.AddSingleton<SupplierStore>();
        builder.Services.AddSingleton<BillReview>();
        builder.Services.AddSingleton<BillIntake>();
        builder.Services.AddSingleton<PaymentRuns>();
        builder.Services.AddSingleton<BillReadingRecorder>();
        builder.Services.AddSingleton<BillPages>();
        builder.AddFinanceReading();
        builder.Services.AddSingleton<ICompanyResource, BillResource>();
        builder.Services.AddSingleton<ICompanyResource, SupplierResource>();
        return builder;
    }
}
