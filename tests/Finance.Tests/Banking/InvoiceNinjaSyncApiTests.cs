using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Finance.Api.Auth;
using Finance.Api.Banking;
using Finance.Core.Banking.Sync;
using Finance.Core.Invoicing;
using Finance.StandIns;
using Finance.Tests.Api.Flows;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static Finance.Tests.Banking.NinjaKit;

namespace Finance.Tests.Banking;

/// <summary>
/// The Invoice Ninja path through the API: <c>POST /api/banking/sync</c> with source <c>invoice_ninja</c> runs the sync flow,
/// <c>GET /api/banking/sync/conflicts</c> shows what it would not take (accountants and admins); and the stand-in's development
/// seed (<c>StandIns/seed/invoiceninja.json</c>) comes in whole for HYPERVISUAL.
/// </summary>
public sealed class InvoiceNinjaSyncApiTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private const string Company = "DAINAMICS";

    [Fact]
    public async Task ForceSync_InvoiceNinja_BringsTheInvoicesAndListsWhatItRefusedForAccountants()
    {
        var at = Start0.AddDays(-1);
        await using var kit = Start(database, Company,
            [Client("cZr81k", "Schreinerei Baumann GmbH", at, "Industriestrasse 3", "8604", "Volketswil", "office@baumann-holz.ch")],
            [Invoice("iQ1", "cZr81k", "IN-2026-0201", 800m, at), Invoice("iQ2", "cZr81k", "IN-2026-0202", 100m, at, rate: 7.7m)]);
        var accountant = kit.Api.ClientWithToken(Roles.Accountant, Company);

        var started = await accountant.PostAsJsonAsync("/api/banking/sync", new ForceSyncRequest("invoice_ninja", Company));
        await kit.Api.DrainAsync();
        var conflicts = await accountant.GetFromJsonAsync<SyncConflict[]>($"/api/banking/sync/conflicts?company={Company}&open=true");
        var asViewer = await kit.Api.ClientWithToken(Roles.Viewer, Company).GetAsync($"/api/banking/sync/conflicts?company={Company}");
        var foreign = await kit.Api.ClientWithToken(Roles.Accountant, Company).GetAsync("/api/banking/sync/conflicts?company=LEXAIA");
        var unknownSource = await accountant.PostAsJsonAsync("/api/banking/sync", new ForceSyncRequest("dropbox", Company));

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var ours = await kit.OursAsync("iQ1");
        Assert.Equal(("IN-2026-0201", 864.80m, InvoiceStatus.Sent), (ours.Number, ours.Total, ours.Status));
        var refused = Assert.Single(conflicts!);
        Assert.Equal(("invoice", "iQ2", "import", Company), (refused.Entity, refused.ExternalId, refused.Field, refused.Company));
        Assert.Contains("7.7 % is not a Swiss VAT rate", refused.Reason, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (asViewer.StatusCode, foreign.StatusCode));
        Assert.Equal(HttpStatusCode.BadRequest, unknownSource.StatusCode);
        Assert.Equal("application/problem+json", unknownSource.Content.Headers.ContentType?.MediaType);
        var problem = (await unknownSource.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.NotNull(problem["errors"]?["source"]);
    }

    [Fact]
    public async Task DevSeed_SyncedForHypervisual_EveryClientAndInvoiceComesIn()
    {
        var seed = StandInSeed.Load(Path.Combine(Repo.Root, "StandIns", "seed", "invoiceninja.json")).InvoiceNinja;
        await using var kit = Start(database, "HYPERVISUAL", seed.Clients, seed.Invoices, token: seed.ApiToken);

        var result = await kit.SyncAsync();

        Assert.Equal("standin-api-token", seed.ApiToken);
        Assert.Equal((4 + 4, 0), (result.Synced, result.Errors));
        Assert.Equal(InvoiceStatus.Paid, (await kit.OursAsync("Mq3vZr7nBG")).Status);
        var partial = await kit.OursAsync("Ps7xBt9pDI");
        Assert.Equal(("IN-2025-0104", InvoiceStatus.PartiallyPaid, 1000m), (partial.Number, partial.Status, partial.Paid));
        Assert.Empty(await kit.Api.Services.GetRequiredService<SyncConflicts>().ListAsync(["HYPERVISUAL"], null, 100, default));
    }
}
