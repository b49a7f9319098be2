using System.Net;
using System.Net.Http.Json;
using Finance.Api.Auth;
using Finance.Core.Banking;
using Finance.Core.Banking.Import;
using Finance.Tests.Infrastructure;

namespace Finance.Tests.Banking;

/// <summary>Importing bank files through the API: real fixture files, stored once, whole or not at all, only into the caller's companies.</summary>
public sealed class StatementImportApiTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime, IAsyncDisposable
{
    private const string Company = "ENKI_REALTY";
    private ApiFactory _api = null!;

    public async Task InitializeAsync()
    {
        _api = new ApiFactory(database);
        await BankingSeed.AccountAsync(_api, Company, "NL26VAYB8060476890", "EUR");
    }

    // xunit v2 calls IAsyncLifetime.DisposeAsync only; both names lead to the one disposal.
    public Task DisposeAsync() => ((IAsyncDisposable)this).DisposeAsync().AsTask();

    ValueTask IAsyncDisposable.DisposeAsync() => _api.DisposeAsync();

    private static byte[] Fixture(string name) => File.ReadAllBytes(Fixtures.Path_("camt", "genkgo-camt", name));

    [Fact]
    public async Task Import_MultiStatementCamt053_StoresEveryEntryOnce_ASecondImportAddsNothing()
    {
        var accountant = _api.ClientWithToken(Roles.Accountant, Company);

        var first = await accountant.PostAsync("/api/banking/statements", BankingSeed.Upload(Fixture("camt053.v2.multi.statement.xml"), "statement.xml"));
        var again = await accountant.PostAsync("/api/banking/statements", BankingSeed.Upload(Fixture("camt053.v2.multi.statement.xml"), "statement.xml"));

        await BankingSeed.ExpectAsync(HttpStatusCode.Created, first);
        var result = (await first.Content.ReadFromJsonAsync<StatementImportResult>())!;
        Assert.Equal(["253EURNL26VAYB8060476890", "254EURNL26VAYB8060476890"], result.Statements.Select(s => s.StatementId));
        Assert.Equal(2, result.Imported);
        Assert.All(result.Statements, s => Assert.Equal(Company, s.Company));
        var repeated = (await again.Content.ReadFromJsonAsync<StatementImportResult>())!;
        Assert.All(repeated.Statements, s => Assert.True(s.AlreadyImported));
        Assert.Equal(0, repeated.Imported);
        var stored = (await accountant.GetFromJsonAsync<BankTransaction[]>($"/api/banking/transactions?company={Company}"))!;
        Assert.Equal(2, stored.Count(t => t.AccountIban == "NL26VAYB8060476890"));
        Assert.All(stored, t => Assert.Equal(BankTransactionStatus.Unmatched, t.Status));
    }

    [Fact]
    public async Task Import_QrPaymentsNotification_KeepsTheQrReferenceAndTheBankReference()
    {
        var qrIban = await BankingSeed.QrIbanAsync(_api, Company);
        var camt = BankingSeed.Camt054(qrIban, "N-" + Guid.NewGuid().ToString("N")[..8],
            (1081.00m, "210000000003139471430009017", "Müller & Fils SA", "BR-" + Guid.NewGuid().ToString("N")[..10]));

        var response = await _api.ClientWithToken(Roles.Accountant, Company).PostAsync("/api/banking/statements", BankingSeed.Upload(camt, "camt054.xml"));

        await BankingSeed.ExpectAsync(HttpStatusCode.Created, response);
        var stored = (await _api.ClientWithToken().GetFromJsonAsync<BankTransaction[]>($"/api/banking/transactions?company={Company}&limit=200"))!;
        var line = Assert.Single(stored, t => t.Reference == "210000000003139471430009017");
        Assert.Equal(("QRR", 1081.00m, "Müller & Fils SA"), (line.ReferenceType, line.Amount, line.CounterpartyName));
        Assert.StartsWith("BR-", line.BankReference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_BadFiles_AreProblemsAndStoreNothing()
    {
        var accountant = _api.ClientWithToken(Roles.Accountant, Company);
        var before = (await accountant.GetFromJsonAsync<BankTransaction[]>($"/api/banking/transactions?company={Company}&limit=500"))!.Length;

        var wrong = await accountant.PostAsync("/api/banking/statements", BankingSeed.Upload(Fixture("camt053.v2.wrong.xml"), "wrong.xml"));
        var unknownAccount = await accountant.PostAsync("/api/banking/statements",
            BankingSeed.Upload(BankingSeed.Camt054("CH5604835012345678009", "N-unknown", (10m, null, "Nobody", "BR-unknown")), "unknown.xml"));
        var foreign = await _api.ClientWithToken(Roles.Accountant, "TAKEOUT")
            .PostAsync("/api/banking/statements", BankingSeed.Upload(Fixture("camt053.v2.multi.statement.xml"), "statement.xml"));
        var viewer = await _api.ClientWithToken(Roles.Viewer, Company)
            .PostAsync("/api/banking/statements", BankingSeed.Upload(Fixture("camt053.v2.multi.statement.xml"), "statement.xml"));
        var xxe = await accountant.PostAsync("/api/banking/statements", BankingSeed.Upload(System.Text.Encoding.UTF8.GetBytes(
            """<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&x;</Document>"""), "x.xml"));

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("Stmt", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await BankingSeed.ExpectAsync(HttpStatusCode.UnprocessableEntity, unknownAccount);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, xxe.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType!.MediaType);
        Assert.Equal(before, (await accountant.GetFromJsonAsync<BankTransaction[]>($"/api/banking/transactions?company={Company}&limit=500"))!.Length);
    }
}
