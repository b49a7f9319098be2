using Dapper;
using Finance.Core.Errors;
using Finance.Core.Events;
using Finance.Core.Reading;
using Npgsql;

namespace Finance.Core.Payables;

/// <summary>What an upload did: the new bill, and whether its bytes were already there (then it is a duplicate, never paid).</summary>
public sealed record IntakeResult(Bill Bill, bool DuplicateDocument);

/// <summary>
/// Takes an uploaded document into a company's books, in the caller's transaction: refused input never gets stored
/// (<see cref="DocumentInspector"/>), the bytes are stored once per company by SHA-256, and every upload becomes a bill —
/// <c>received</c>, or <c>duplicate</c> of the bill the same bytes made first.
/// </summary>
public sealed class BillIntake(DocumentInspector inspector, OutboxWriter outbox, TimeProvider clock)
{
    private const string FindDocument = """
        SELECT d.id AS DocumentId,
               (SELECT b.id FROM bills b WHERE b.document_id = d.id AND b.duplicate_of IS NULL ORDER BY b.created_at LIMIT 1) AS BillId
        FROM payable_documents d JOIN companies co ON co.id = d.company_id
        WHERE co.code = @company AND d.sha256 = @sha
        """;

    // A concurrent upload of the same bytes waits on the unique index and then takes the duplicate path on retry.
    private const string InsertDocument = """
        INSERT INTO payable_documents (company_id, sha256, media_type, pages, size_bytes, content, file_name, uploaded_by, uploaded_at)
        SELECT id, @sha, @mediaType, @pages, @size, @content, @fileName, @uploadedBy, @now FROM companies WHERE code = @company
        RETURNING id
        """;

    private const string InsertBill = """
        INSERT INTO bills (company_id, document_id, status, duplicate_of, uploaded_by, review_reason, created_at, updated_at)
        SELECT id, @documentId, @status, @duplicateOf, @uploadedBy, @reason, @now, @now FROM companies WHERE code = @company
        RETURNING id
        """;

    public async Task<IntakeResult> ReceiveAsync(NpgsqlTransaction transaction, string company, byte[] content, string? fileName, string uploadedBy,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(content);
        var inspected = inspector.Inspect(content);
        var connection = transaction.Connection!;
        var now = clock.GetUtcNow();
        var existing = await connection.QuerySingleOrDefaultAsync<(Guid DocumentId, Guid? BillId)?>(new CommandDefinition(FindDocument,
            new { company, sha = inspected.Sha256Hex }, transaction, cancellationToken: cancellationToken));
        Guid documentId;
        Guid? duplicateOf = null;
        if (existing is { } found)
        {
            documentId = found.DocumentId;
            duplicateOf = found.BillId;
        }
        else
        {
            documentId = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(InsertDocument, new
            {
                company, sha = inspected.Sha256Hex, mediaType = inspected.MediaType, pages = inspected.Pages, size = content.Length, content,
                fileName = fileName is { Length: > 255 } ? fileName[..255] : fileName, uploadedBy, now,
            }, transaction, cancellationToken: cancellationToken)) ?? throw new NotFoundException($"No company with code '{company}'.", "company.not_found");
        }

        var billId = await connection.ExecuteScalarAsync<Guid>(new CommandDefinition(InsertBill, new
        {
            company, documentId, status = duplicateOf is null ? BillStatus.Received : BillStatus.Duplicate, duplicateOf, uploadedBy,
            reason = duplicateOf is null ? null : "The same document was uploaded before.", now,
        }, transaction, cancellationToken: cancellationToken));
        var bill = (await BillStore.LoadAsync(connection, transaction, billId, cancellationToken))!;
        await outbox.AppendAsync(transaction, duplicateOf is null ? BillEvents.Received : BillEvents.Duplicate, bill,
            new { documentId, inspected.MediaType, inspected.Pages, sha256 = inspected.Sha256Hex, duplicateOf }, cancellationToken);
        return new IntakeResult(bill, duplicateOf is not null);
    }
}
