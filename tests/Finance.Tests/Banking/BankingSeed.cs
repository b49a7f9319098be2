using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Dapper;
using Finance.Core.Banking;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Finance.Tests.Banking;

/// <summary>Bank accounts, camt files and transactions for the banking tests.</summary>
internal static class BankingSeed
{
    /// <summary>The company's QR-IBAN (0001_companies): what its invoices' QR-bills name and a camt.054 of incoming QR payments reports.</summary>
    public static async Task<string> QrIbanAsync(ApiFactory api, string company)
    {
        await using var connection = await api.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string>("""
            SELECT a.qr_iban FROM company_bank_accounts a JOIN companies c ON c.id = a.company_id WHERE c.code = @company AND a.qr_iban IS NOT NULL
            ORDER BY a.is_default DESC, a.id LIMIT 1
            """, new { company }) ?? throw new InvalidOperationException($"{company} has no QR-IBAN.");
    }

    /// <summary>Makes <paramref name="iban"/> (a fixture's account) an account of <paramref name="company"/>.</summary>
    public static async Task AccountAsync(ApiFactory api, string company, string iban, string currency = "CHF")
    {
        await using var connection = await api.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO company_bank_accounts (company_id, bank_name, iban, currency) SELECT id, 'Fixture bank', @iban, @currency FROM companies WHERE code = @company
            ON CONFLICT (iban) DO NOTHING
            """, new { company, iban, currency });
    }

    /// <summary>The status, or a failure that shows the problem the API answered.</summary>
    public static async Task ExpectAsync(HttpStatusCode expected, HttpResponseMessage response) =>
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

    public static MultipartFormDataContent Upload(byte[] content, string fileName)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : "application/xml");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    /// <summary>A camt.054.001.04 credit notification: one booked credit per payment, each with its QR reference and the bank's reference.</summary>
    public static byte[] Camt054(string accountIban, string notificationId, params (decimal Amount, string? Qrr, string Debtor, string BankRef)[] payments)
    {
        var entries = string.Concat(payments.Select(p => $"""
            <Ntry><Amt Ccy="CHF">{p.Amount.ToString("0.00", CultureInfo.InvariantCulture)}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
              <BookgDt><Dt>2026-11-25</Dt></BookgDt><ValDt><Dt>2026-11-25</Dt></ValDt><AcctSvcrRef>{p.BankRef}</AcctSvcrRef>
              <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>VCOM</SubFmlyCd></Fmly></Domn></BkTxCd>
              <NtryDtls><TxDtls><Refs><AcctSvcrRef>{p.BankRef}</AcctSvcrRef><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
                <Amt Ccy="CHF">{p.Amount.ToString("0.00", CultureInfo.InvariantCulture)}</Amt><CdtDbtInd>CRDT</CdtDbtInd>
                <RltdPties><Dbtr><Nm>{System.Security.SecurityElement.Escape(p.Debtor)}</Nm></Dbtr></RltdPties>
                {(p.Qrr is null ? "" : $"<RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Prtry>QRR</Prtry></CdOrPrtry></Tp><Ref>{p.Qrr}</Ref></CdtrRefInf></Strd></RmtInf>")}
              </TxDtls></NtryDtls></Ntry>
            """));
        return System.Text.Encoding.UTF8.GetBytes($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.04">
              <BkToCstmrDbtCdtNtfctn>
                <GrpHdr><MsgId>MSG-{notificationId}</MsgId><CreDtTm>2026-11-25T18:00:00</CreDtTm></GrpHdr>
                <Ntfctn><Id>{notificationId}</Id><CreDtTm>2026-11-25T18:00:00</CreDtTm><Acct><Id><IBAN>{accountIban}</IBAN></Id><Ccy>CHF</Ccy></Acct>
                  {entries}
                </Ntfctn>
              </BkToCstmrDbtCdtNtfctn>
            </Document>
            """);
    }

    /// <summary>A bank transaction stored as an import would store it (for tests about matching, not importing).</summary>
    public static async Task<Guid> TransactionAsync(ApiFactory api, string company, decimal amount, string? qrr = null, string counterparty = "Müller & Fils SA",
        string? remittance = null, string? endToEndId = null)
    {
        var services = api.Services;
        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var accountId = await connection.ExecuteScalarAsync<int>(
            "SELECT a.id FROM company_bank_accounts a JOIN companies c ON c.id = a.company_id WHERE c.code = @company ORDER BY a.is_default DESC, a.id LIMIT 1",
            new { company });
        await using var transaction = await connection.BeginTransactionAsync();
        var ids = await services.GetRequiredService<BankTransactionStore>().InsertAsync(transaction, null, [new NewBankTransaction
        {
            AccountId = accountId, DedupKey = Guid.NewGuid().ToString("N"), Source = "test", BookingDate = new DateOnly(2026, 11, 25), Amount = amount,
            Currency = "CHF", CounterpartyName = counterparty, ReferenceType = qrr is null ? null : "QRR", Reference = qrr, Remittance = remittance, EndToEndId = endToEndId,
        }], CancellationToken.None);
        await transaction.CommitAsync();
        return ids.Single();
    }
}
