using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Finance.Api.Auth;
using Finance.Core.Banking;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Finance.Tests.Banking;

/// <summary>
/// <c>GET /api/banking/cash-position</c>: each day's balance counted from the balances the bank stated (camt.053 closing
/// balances) with the stored transactions, forwards and backwards; an account without a stated balance shows its
/// movements only and says so; the company's total per currency is the sum of its accounts.
/// </summary>
public sealed class CashPositionApiTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    private const string Company = "ENKI_REALTY";
    // Valid check digits, no real account (the IBAN standard's example).
    private const string StatementIban = "CH9300762011623852957";

    private ApiFactory Api { get; set; } = null!;

    public Task InitializeAsync()
    {
        Api = new ApiFactory(database, new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();

    [Fact]
    public async Task CashPosition_FromStatedBalances_ForwardsAndBackwards_CompanyTotalAddsTheAccounts()
    {
        await BankingSeed.AccountAsync(Api, Company, StatementIban);
        var accountant = Api.ClientWithToken(Roles.Accountant, Company);
        // November: +800 on the 10th, −300 on the 20th, closing 10,500; December: +200 on the 2nd, closing 10,700.
        await BankingSeed.ExpectAsync(HttpStatusCode.Created, await accountant.PostAsync("/api/banking/statements", BankingSeed.Upload(
            Camt053("STMT-NOV", "2026-11-01", "2026-11-30", 10_000m, 10_500m, ("2026-11-10", 800m), ("2026-11-20", -300m)), "nov.xml")));
        await BankingSeed.ExpectAsync(HttpStatusCode.Created, await accountant.PostAsync("/api/banking/statements", BankingSeed.Upload(
            Camt053("STMT-DEC", "2026-12-01", "2026-12-02", 10_500m, 10_700m, ("2026-12-02", 200m)), "dec.xml")));
        // The default account has no statement: one movement (booked 25 November) and nothing stated.
        await BankingSeed.TransactionAsync(Api, Company, 150m);

        var report = (await Api.ClientWithToken(Roles.Viewer, Company).GetFromJsonAsync<CashPositionReport>(
            $"/api/banking/cash-position?company={Company}&from=2026-11-01&to=2026-12-03"))!;

        var stated = Assert.Single(report.Accounts, a => a.Iban == StatementIban);
        Assert.True(stated.Anchored);
        Assert.Equal(new DateOnly(2026, 12, 2), stated.AnchorDate);
        Assert.Equal(33, stated.Points.Count);
        Assert.Equal(10_000m, At(stated, "2026-11-01")); // before the first stated balance: counted back from it
        Assert.Equal(10_000m, At(stated, "2026-11-09"));
        Assert.Equal(10_800m, At(stated, "2026-11-10"));
        Assert.Equal(10_500m, At(stated, "2026-11-20"));
        Assert.Equal(10_500m, At(stated, "2026-12-01"));
        Assert.Equal(10_700m, At(stated, "2026-12-02"));
        Assert.Equal(10_700m, At(stated, "2026-12-03")); // after the last: carried forward

        var movementsOnly = Assert.Single(report.Accounts, a => a.Iban != StatementIban && a.Points.Any(p => p.Balance != 0));
        Assert.False(movementsOnly.Anchored);
        Assert.Equal((0m, 150m), (At(movementsOnly, "2026-11-24"), At(movementsOnly, "2026-11-25")));

        var chf = Assert.Single(report.Companies, c => c.Currency == "CHF");
        Assert.Equal(Company, chf.Company);
        Assert.False(chf.Anchored);
        Assert.All(chf.Points, p => Assert.Equal(report.Accounts.Where(a => a.Currency == "CHF").Sum(a => a.Points.Single(x => x.Date == p.Date).Balance), p.Balance));
        Assert.Equal(10_850m, chf.Points[^1].Balance);
    }

    [Fact]
    public async Task CashPosition_DefaultsToTheLast90Days_RefusesBadRangesAndOtherCompanies()
    {
        var viewer = Api.ClientWithToken(Roles.Viewer, Company);

        var report = (await viewer.GetFromJsonAsync<CashPositionReport>("/api/banking/cash-position"))!;
        var tooLong = await viewer.GetAsync("/api/banking/cash-position?from=2025-01-01&to=2026-12-01");
        var reversed = await viewer.GetAsync("/api/banking/cash-position?from=2026-12-01&to=2026-11-01");
        var foreign = await viewer.GetAsync("/api/banking/cash-position?company=HYPERVISUAL");

        Assert.Equal((new DateOnly(2026, 9, 5), new DateOnly(2026, 12, 3)), (report.From, report.To));
        Assert.All(report.Accounts, a => Assert.Equal(Company, a.Company));
        Assert.NotEmpty(report.Accounts);
        await BankingSeed.ExpectAsync(HttpStatusCode.BadRequest, tooLong);
        await BankingSeed.ExpectAsync(HttpStatusCode.BadRequest, reversed);
        await BankingSeed.ExpectAsync(HttpStatusCode.Forbidden, foreign);
    }

    private static decimal At(AccountPosition account, string day) =>
        account.Points.Single(p => p.Date == DateOnly.Parse(day, CultureInfo.InvariantCulture)).Balance;

    private static byte[] Camt053(string id, string from, string to, decimal opening, decimal closing, params (string Day, decimal Amount)[] entries)
    {
        static string Money(decimal amount) => Math.Abs(amount).ToString("0.00", CultureInfo.InvariantCulture);
        var n = 0;
        var lines = string.Concat(entries.Select(e => $"""
            <Ntry><Amt Ccy="CHF">{Money(e.Amount)}</Amt><CdtDbtInd>{(e.Amount > 0 ? "CRDT" : "DBIT")}</CdtDbtInd><Sts>BOOK</Sts>
              <BookgDt><Dt>{e.Day}</Dt></BookgDt><ValDt><Dt>{e.Day}</Dt></ValDt><AcctSvcrRef>{id}-{++n}</AcctSvcrRef>
              <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>{(e.Amount > 0 ? "RCDT" : "ICDT")}</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
              <NtryDtls><TxDtls><Refs><AcctSvcrRef>{id}-{n}</AcctSvcrRef></Refs><Amt Ccy="CHF">{Money(e.Amount)}</Amt>
                <CdtDbtInd>{(e.Amount > 0 ? "CRDT" : "DBIT")}</CdtDbtInd><RmtInf><Ustrd>Entry {n}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
            """));
        string Balance(string code, decimal amount, string day) =>
            $"""<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy="CHF">{Money(amount)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>{day}</Dt></Dt></Bal>""";
        return System.Text.Encoding.UTF8.GetBytes($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04">
              <BkToCstmrStmt>
                <GrpHdr><MsgId>MSG-{id}</MsgId><CreDtTm>{to}T20:00:00</CreDtTm></GrpHdr>
                <Stmt><Id>{id}</Id><CreDtTm>{to}T20:00:00</CreDtTm><FrToDt><FrDtTm>{from}T00:00:00</FrDtTm><ToDtTm>{to}T23:59:59</ToDtTm></FrToDt>
                  <Acct><Id><IBAN>{StatementIban}</IBAN></Id><Ccy>CHF</Ccy></Acct>
                  {Balance("OPBD", opening, from)}{Balance("CLBD", closing, to)}
                  {lines}
                </Stmt>
              </BkToCstmrStmt>
            </Document>
            """);
    }
}
