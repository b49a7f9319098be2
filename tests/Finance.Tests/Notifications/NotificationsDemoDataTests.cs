using Finance.Core.Demo;
using Finance.Core.Notifications;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Tests.Notifications;

public sealed class NotificationsDemoDataTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task SeedOnce_EveryCompanyHasAnApproverAndAnAccountantInItsLanguage_TheCfoGetsEscalationsOnly()
    {
        await using var api = new ApiFactory(database);
        var seeder = api.Services.GetServices<IDemoSeeder>().Single(s => s.Description.StartsWith("notification recipients", StringComparison.Ordinal));

        Assert.True(await seeder.SeedOnceAsync(default));
        Assert.False(await seeder.SeedOnceAsync(default));

        var directory = api.Services.GetRequiredService<RecipientDirectory>();
        var lexaiaReview = await directory.ForAsync("LEXAIA", [NotificationRoles.Approver], "bill.review", default);
        var lexaiaEscalation = await directory.ForAsync("LEXAIA", [NotificationRoles.Admin, NotificationRoles.Approver], "bill.escalation", default);
        Assert.Equal(["approvals@lexaia.ch"], lexaiaReview.Select(r => r.Email));
        Assert.Equal("fr", lexaiaReview[0].Language);
        Assert.Equal(["approvals@lexaia.ch", "cfo@finance-group.example"], lexaiaEscalation.Select(r => r.Email).Order(StringComparer.Ordinal));
        Assert.Equal(11, (await directory.ListAsync(null, default)).Count);
    }
}
