using Dapper;
using Npgsql;

namespace Finance.Core.Payables;

public sealed record BillFilter(IReadOnlyCollection<string>? Companies, string? Status, Guid? SupplierId, int Limit = 100, int Offset = 0);

/// <summary>Reads bills with their fields, corrections and approvals, and each company's bill rules.</summary>
public sealed class BillStore(NpgsqlDataSource dataSource)
{
    internal const string Columns = """
        b.id AS Id, co.code AS CompanyCode, b.document_id AS DocumentId, b.supplier_id AS SupplierId, s.name AS SupplierName,
        b.status AS Status, b.number AS Number, b.invoice_date AS InvoiceDate, b.due_date AS DueDate, b.currency::text AS Currency,
        b.net_amount AS NetAmount, b.vat_amount AS VatAmount, b.gross_amount AS GrossAmount, b.vat_rate AS VatRate, b.iban AS Iban,
        b.reference_type AS ReferenceType, b.reference AS Reference, b.confidence AS Confidence, b.auto_validated AS AutoValidated,
        b.duplicate_of AS DuplicateOf, b.uploaded_by AS UploadedBy, b.review_reason AS ReviewReason, b.scheduled_for AS ScheduledFor,
        b.created_at AS CreatedAt, b.validated_at AS ValidatedAt, b.validated_by AS ValidatedBy, b.rejected_by AS RejectedBy,
        b.rejected_reason AS RejectedReason
        """;

    internal const string From = "FROM bills b JOIN companies co ON co.id = b.company_id LEFT JOIN suppliers s ON s.id = b.supplier_id";

    private const string SelectList = $"""
        SELECT {Columns} {From}
        WHERE (@companies::text[] IS NULL OR co.code = ANY(@companies))
          AND (@status::text IS NULL OR b.status = @status)
          AND (@supplierId::uuid IS NULL OR b.supplier_id = @supplierId)
        ORDER BY b.created_at DESC, b.id
        LIMIT @limit OFFSET @offset
        """;

    private const string SelectDetails = $"""
        SELECT {Columns} {From} WHERE b.id = @id;
        SELECT name AS Name, value AS Value, confidence AS Confidence, source AS Source, page AS Page FROM bill_fields WHERE bill_id = @id ORDER BY name;
        SELECT field AS Field, old_value AS OldValue, new_value AS NewValue, corrected_by AS CorrectedBy, corrected_at AS CorrectedAt
        FROM bill_corrections WHERE bill_id = @id ORDER BY corrected_at, id;
        SELECT approver AS Approver, decision AS Decision, comment AS Comment, decided_at AS DecidedAt FROM bill_approvals WHERE bill_id = @id ORDER BY decided_at;
        """;

    private const string SelectSettings = """
        SELECT auto_validate_confidence AS AutoValidateConfidence, auto_validate_limit AS AutoValidateLimit, four_eyes_limit AS FourEyesLimit,
               review_reminder_days AS ReviewReminderDays, escalation_days AS EscalationDays, payment_lead_days AS PaymentLeadDays
        FROM payable_settings ps JOIN companies co ON co.id = ps.company_id WHERE co.code = @company
        """;

    /// <summary>The company a bill belongs to; null when there is no such bill (for access checks).</summary>
    public async Task<string?> CompanyOfAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT co.code FROM bills b JOIN companies co ON co.id = b.company_id WHERE b.id = @id", new { id }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Bill>> ListAsync(BillFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. (await connection.QueryAsync<BillRow>(new CommandDefinition(SelectList, new
        {
            companies = filter.Companies?.ToArray(), filter.Status, filter.SupplierId, filter.Limit, filter.Offset,
        }, cancellationToken: cancellationToken))).Select(r => r.ToBill())];
    }

    public async Task<Bill?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await LoadAsync(connection, null, id, cancellationToken);
    }

    /// <summary>The bill with its fields, corrections and approvals, read in the caller's transaction when there is one.</summary>
    public static async Task<Bill?> LoadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var grid = await connection.QueryMultipleAsync(new CommandDefinition(SelectDetails, new { id }, transaction, cancellationToken: cancellationToken));
        var row = await grid.ReadSingleOrDefaultAsync<BillRow>();
        var fields = (await grid.ReadAsync<BillField>()).ToList();
        var corrections = (await grid.ReadAsync<CorrectionRow>()).Select(c => c.ToCorrection()).ToList();
        var approvals = (await grid.ReadAsync<ApprovalRow>()).Select(a => a.ToApproval()).ToList();
        return row is null ? null : row.ToBill() with { Fields = fields, Corrections = corrections, Approvals = approvals };
    }

    public async Task<PayableSettings> SettingsAsync(string company, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await SettingsAsync(connection, null, company, cancellationToken);
    }

    public static async Task<PayableSettings> SettingsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string company,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.QuerySingleOrDefaultAsync<PayableSettings>(new CommandDefinition(SelectSettings, new { company }, transaction,
            cancellationToken: cancellationToken)) ?? throw new Errors.NotFoundException($"No company with code '{company}'.", "company.not_found");
    }

    /// <summary>The uploaded document's bytes and media type; null when unknown.</summary>
    public async Task<(byte[] Content, string MediaType)?> DocumentAsync(Guid documentId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(byte[] Content, string MediaType)?>(new CommandDefinition(
            "SELECT content, media_type FROM payable_documents WHERE id = @documentId", new { documentId }, cancellationToken: cancellationToken));
        return row;
    }

    internal sealed record BillRow(
        Guid Id, string CompanyCode, Guid DocumentId, Guid? SupplierId, string? SupplierName, string Status, string? Number, DateOnly? InvoiceDate,
        DateOnly? DueDate, string? Currency, decimal? NetAmount, decimal? VatAmount, decimal? GrossAmount, decimal? VatRate, string? Iban,
        string? ReferenceType, string? Reference, decimal? Confidence, bool AutoValidated, Guid? DuplicateOf, string UploadedBy, string? ReviewReason,
        DateOnly? ScheduledFor, DateTime CreatedAt, DateTime? ValidatedAt, string? ValidatedBy, string? RejectedBy, string? RejectedReason)
    {
        public Bill ToBill() => new()
        {
            Id = Id, CompanyCode = CompanyCode, DocumentId = DocumentId, SupplierId = SupplierId, SupplierName = SupplierName, Status = Status,
            Number = Number, InvoiceDate = InvoiceDate, DueDate = DueDate, Currency = Currency, NetAmount = NetAmount,
            VatAmount = VatAmount, GrossAmount = GrossAmount, VatRate = VatRate, Iban = Iban, ReferenceType = ReferenceType, Reference = Reference,
            Confidence = Confidence, AutoValidated = AutoValidated, DuplicateOf = DuplicateOf, UploadedBy = UploadedBy, ReviewReason = ReviewReason,
            ScheduledFor = ScheduledFor, CreatedAt = Utc(CreatedAt), ValidatedAt = ValidatedAt is { } v ? Utc(v) : null,
            ValidatedBy = ValidatedBy, RejectedBy = RejectedBy, RejectedReason = RejectedReason,
        };
    }

    private sealed record CorrectionRow(string Field, string? OldValue, string NewValue, string CorrectedBy, DateTime CorrectedAt)
    {
        public BillCorrection ToCorrection() => new(Field, OldValue, NewValue, CorrectedBy, Utc(CorrectedAt));
    }

    private sealed record ApprovalRow(string Approver, string Decision, string? Comment, DateTime DecidedAt)
    {
        public BillApproval ToApproval() => new(Approver, Decision, Comment, Utc(DecidedAt));
    }

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
