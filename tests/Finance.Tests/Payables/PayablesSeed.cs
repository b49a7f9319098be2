using System.Security.Cryptography;
using Dapper;
using Finance.Core.Payables;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Finance.Tests.Payables;

/// <summary>
/// Bills as the reading flow leaves them, written straight into the tables: the review, approval and API tests start from
/// a bill that was read, without running the reader (its own tests cover it).
/// </summary>
public static class PayablesSeed
{
    public const string Uploader = "uploader@test";

    public static Task<Guid> ReviewBillAsync(ApiFactory api, string company, decimal gross = 1250.40m, string uploadedBy = Uploader) =>
        ReviewBillAsync(api.Services.GetRequiredService<NpgsqlDataSource>(), company, gross, uploadedBy);

    public static async Task<Guid> ReviewBillAsync(NpgsqlDataSource dataSource, string company, decimal gross = 1250.40m, string uploadedBy = Uploader,
        string status = BillStatus.Review)
    {
        // A real one-page PDF (the review screen renders its pages), made unique by a comment after its end.
        byte[] content = [.. Finance.Tests.Reading.MiniPdf.Build(), .. System.Text.Encoding.ASCII.GetBytes($"\n% {Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}\n")];
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<Guid>("""
            WITH doc AS (
                INSERT INTO payable_documents (company_id, sha256, media_type, pages, size_bytes, content, file_name, uploaded_by, uploaded_at)
                SELECT id, @sha, 'application/pdf', 1, @size, @content, 'bill.pdf', @uploadedBy, now() FROM companies WHERE code = @company
                RETURNING id, company_id)
            INSERT INTO bills (company_id, document_id, status, number, invoice_date, due_date, currency, net_amount, vat_amount, gross_amount, vat_rate,
                               iban, reference_type, confidence, uploaded_by, review_reason, scheduled_for, created_at, updated_at)
            SELECT company_id, id, @status, 'R-' || substr(md5(random()::text), 1, 6), DATE '2026-11-20', DATE '2026-12-20', 'CHF',
                   round(@gross / 1.081, 2), @gross - round(@gross / 1.081, 2), @gross, 8.1, 'CH9300762011623852957', 'NON', 0.72, @uploadedBy,
                   'Read with confidence 72 %, not above 90 %.', DATE '2026-12-18', now(), now()
            FROM doc
            RETURNING id
            """, new { company, sha = Convert.ToHexStringLower(SHA256.HashData(content)), content, size = content.Length, uploadedBy, gross, status });
    }

    /// <summary>Fields as the reading would have stored them (confidence 0.8, source text).</summary>
    public static async Task ReadFieldsAsync(NpgsqlDataSource dataSource, Guid billId, params (string Name, string Value)[] fields)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        foreach (var (name, value) in fields)
        {
            await connection.ExecuteAsync("INSERT INTO bill_fields (bill_id, name, value, confidence, source, page) VALUES (@billId, @name, @value, 0.8, 'text', 1)",
                new { billId, name, value });
        }
    }

    /// <summary>The multipart body of <c>POST /api/payables/documents</c>.</summary>
    public static MultipartFormDataContent UploadForm(string company, byte[] document, string fileName = "bill.pdf", string mediaType = "application/pdf")
    {
        var file = new ByteArrayContent(document);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        return new MultipartFormDataContent { { new StringContent(company), "company" }, { file, "file", fileName } };
    }

    /// <summary>The company's default CHF account: what its payment runs debit.</summary>
    public static async Task<string> DebtorIbanAsync(NpgsqlDataSource dataSource, string company)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string>("""
            SELECT a.iban FROM company_bank_accounts a JOIN companies co ON co.id = a.company_id
            WHERE co.code = @company AND a.currency = 'CHF' ORDER BY a.is_default DESC, a.id LIMIT 1
            """, new { company }) ?? throw new InvalidOperationException($"{company} has no CHF account.");
    }

    public static async Task<Guid> SupplierAsync(ApiFactory api, string company)
    {
        var dataSource = api.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<Guid>("""
            INSERT INTO suppliers (company_id, name, town, country, created_at, updated_at)
            SELECT id, 'Imprimerie Favre SA', 'Vevey', 'CH', now(), now() FROM companies WHERE code = @company RETURNING id
            """, new { company });
    }
}
