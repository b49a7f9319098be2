using System.Globalization;
using System.Security;
using System.Text;
using Dapper;
using System.Text.Json.Nodes;
using Finance.Core.Banking.Import;
using Finance.Core.Banking.Sync;
using Finance.Core.Companies;
using Finance.Core.Integrations.Revolut;
using Finance.Core.Demo;
using Finance.Workflows.Engines;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Finance.Workflows.Banking;

/// <summary>
/// Bank data for a first run, paying the demo invoices as customers would, through the real import and sync paths.
/// <list type="bullet">
/// <item>A company with a Revolut connection, when the AppHost runs the Revolut stand-in
/// (<see cref="BankingDemoOptions.RevolutStandInSeed"/>), gets a Revolut account whose incoming transfers the stand-in
/// serves: the most overdue invoice paid exactly by QR reference (its dunning stops), one paid partly, two of one customer
/// paid in one transfer naming both numbers, one with a mistyped reference (it waits in the review queue with its
/// suggestion). A <c>sync</c> per company is queued, so the workers pull and reconcile them on start.</item>
/// <item>Every other company gets a camt.054 credit notification from its bank: exactly by QR reference, a part payment,
/// one with a mistyped reference, and one without a reference whose text names the invoice (matched by amount, name and
/// number). A reconciliation per company is queued; the hourly schedule does the same for later imports.</item>
/// </list>
/// </summary>
internal sealed class BankingDemoData(NpgsqlDataSource dataSource, CompanyStore companies, StatementImporter importer, FlowStartOutbox flowStarts,
    IOptions<BankingDemoOptions> demoOptions, IOptions<RevolutOptions> revolutOptions, TimeProvider clock) : IDemoSeeder
{
    public string Description => "bank payments of demo invoices (Revolut stand-in or camt.054): exact, partly, in a batch, by number in the text, one with a wrong reference";

    public async Task<bool> SeedOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM bank_statements) OR EXISTS (SELECT 1 FROM company_bank_accounts WHERE source = 'revolut')",
            cancellationToken: cancellationToken)))
        {
            return false;
        }

        var seeded = false;
        var standInSeed = demoOptions.Value.RevolutStandInSeed is { Length: > 0 } ? new RevolutStandInSeed() : null;
        foreach (var company in await companies.ListAsync(null, cancellationToken))
        {
            var open = (await connection.QueryAsync<OpenInvoice>(new CommandDefinition("""
                SELECT i.number AS Number, i.total - i.paid_amount - i.credited_amount AS Open, i.payment_reference AS Reference, cu.name AS Customer,
                       i.customer_id AS CustomerId, i.due_date AS DueDate
                FROM invoices i JOIN customers cu ON cu.id = i.customer_id JOIN companies c ON c.id = i.company_id
                WHERE c.code = @company AND i.kind = 'invoice' AND i.status IN ('issued', 'sent', 'partially_paid') AND i.currency = 'CHF'
                  AND i.reference_type = 'QRR' AND i.total - i.paid_amount - i.credited_amount > 0
                ORDER BY i.number
                """, new { company = company.Code }, cancellationToken: cancellationToken))).ToList();
            if (open.Count == 0) continue;
            if (standInSeed is not null && revolutOptions.Value.Companies.ContainsKey(company.Code))
            {
                await SeedRevolutAsync(connection, company.Code, company.Name, open, standInSeed, cancellationToken);
                seeded = true;
                continue;
            }
            if (company.BankAccounts.FirstOrDefault(a => a.QrIban is not null) is not { } account) continue;

            var payments = new List<(decimal Amount, string? Reference, string Debtor, string Text)>
            {
                (open[0].Open, open[0].Reference, open[0].Customer, $"Invoice {open[0].Number}"),
            };
            if (open.Count > 1) payments.Add((decimal.Round(open[1].Open / 2, 2), open[1].Reference, open[1].Customer, $"Part payment {open[1].Number}"));
            if (open.Count > 2) payments.Add((open[2].Open, Mistype(open[2].Reference!), open[2].Customer, "Payment"));
            if (open.Count > 3) payments.Add((open[3].Open, null, open[3].Customer, $"Settlement of {open[3].Number}"));
            using var camt = new MemoryStream(Camt054(account.QrIban!, $"DEMO-{company.Code}", payments));
            await importer.ImportAsync(camt, "demo-camt054.xml", null, "demo", cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await flowStarts.AppendAsync(transaction, new StartFlowRequest(BankingFlows.ReconciliationId, null, company.Code,
                InstanceId: $"demo-reconciliation-{company.Code.ToLowerInvariant()}"), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            seeded = true;
        }
        return seeded;
    }

    private async Task SeedRevolutAsync(NpgsqlConnection connection, string company, string companyName, List<OpenInvoice> open, RevolutStandInSeed seed,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var payments = new List<(decimal Amount, string? Reference, string Payer, DateTimeOffset At)>();
        // Two invoices of one customer, paid in one transfer naming both; then by due date: exact, partly, mistyped.
        var pair = open.GroupBy(i => i.CustomerId).FirstOrDefault(g => g.Count() >= 2)?.Take(2).ToList() ?? [];
        var rest = open.Except(pair).OrderBy(i => i.DueDate ?? DateOnly.MaxValue).ToList();
        if (rest.Count > 0) payments.Add((rest[0].Open, rest[0].Reference, rest[0].Customer, now.AddHours(-6)));
        if (rest.Count > 1) payments.Add((decimal.Round(rest[1].Open / 2, 2), rest[1].Reference, rest[1].Customer, now.AddHours(-5)));
        if (pair.Count == 2) payments.Add((pair[0].Open + pair[1].Open, $"Invoices {pair[0].Number} and {pair[1].Number}", pair[0].Customer, now.AddHours(-4)));
        if (rest.Count > 2) payments.Add((rest[2].Open, Mistype(rest[2].Reference!), rest[2].Customer, now.AddHours(-3)));

        var accountId = Guid.NewGuid().ToString();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO company_bank_accounts (company_id, bank_name, iban, currency, is_default, source, external_id, bic)
            SELECT c.id, 'Revolut Business', @iban, 'CHF', false, 'revolut', @accountId, 'REVOLT21' FROM companies c WHERE c.code = @company
            """, new { company, iban = RevolutStandInSeed.NewIban(), accountId }, transaction, cancellationToken: cancellationToken));
        await flowStarts.AppendAsync(transaction, new StartFlowRequest(BankingFlows.SyncId, new JsonObject { ["source"] = RevolutSync.Source }, company,
            InstanceId: $"demo-sync-{company.ToLowerInvariant()}"), cancellationToken);
        seed.AddAccount(accountId, $"{companyName} CHF", now, payments);
        // The file first: a commit without it would leave an account the stand-in knows nothing of, and no second try.
        await seed.WriteAsync(demoOptions.Value.RevolutStandInSeed!, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    // A wrong last digit: the check digit no longer holds, so the reference names nothing and the amount and name must do.
    private static string Mistype(string reference) => reference[..^1] + (char)('0' + (reference[^1] - '0' + 1) % 10);

    private static byte[] Camt054(string iban, string id, IEnumerable<(decimal Amount, string? Reference, string Debtor, string Text)> payments)
    {
        var entries = new StringBuilder();
        var n = 0;
        foreach (var p in payments)
        {
            var amount = p.Amount.ToString("0.00", CultureInfo.InvariantCulture);
            var reference = p.Reference is null ? "" : $"<Strd><CdtrRefInf><Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp><Ref>{p.Reference}</Ref></CdtrRefInf></Strd>";
            entries.Append(CultureInfo.InvariantCulture, $"""
                <Ntry><Amt Ccy="CHF">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-30</Dt></BookgDt>
                <ValDt><Dt>2026-11-30</Dt></ValDt><AcctSvcrRef>{id}-{++n}</AcctSvcrRef>
                <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>VCOM</SubFmlyCd></Fmly></Domn></BkTxCd>
                <NtryDtls><TxDtls><Refs><AcctSvcrRef>{id}-{n}</AcctSvcrRef></Refs><Amt Ccy="CHF">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd>
                <RltdPties><Dbtr><Nm>{SecurityElement.Escape(p.Debtor)}</Nm></Dbtr></RltdPties>
                <RmtInf><Ustrd>{SecurityElement.Escape(p.Text)}</Ustrd>{reference}</RmtInf></TxDtls></NtryDtls></Ntry>
                """);
        }
        return Encoding.UTF8.GetBytes($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.04"><BkToCstmrDbtCdtNtfctn>
            <GrpHdr><MsgId>{id}</MsgId><CreDtTm>2026-11-30T18:00:00</CreDtTm></GrpHdr>
            <Ntfctn><Id>{id}</Id><CreDtTm>2026-11-30T18:00:00</CreDtTm><Acct><Id><IBAN>{iban}</IBAN></Id><Ccy>CHF</Ccy></Acct>{entries}</Ntfctn>
            </BkToCstmrDbtCdtNtfctn></Document>
            """);
    }

    private sealed record OpenInvoice(string Number, decimal Open, string? Reference, string Customer, Guid CustomerId, DateOnly? DueDate);
}
