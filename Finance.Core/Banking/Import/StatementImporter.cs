using Dapper;
using Finance.Core.Banking.Statements;
using Finance.Core.Companies;
using Finance.Core.Errors;
using Finance.Core.Events;
using Npgsql;

namespace Finance.Core.Banking.Import;

public sealed record ImportedStatement(Guid? Id, string Company, string AccountIban, string Format, string Kind, string? StatementId, int Entries,
    int Imported, int Duplicates, bool AlreadyImported);

public sealed record StatementImportResult(IReadOnlyList<ImportedStatement> Statements)
{
    public int Imported => Statements.Sum(s => s.Imported);

    public int Duplicates => Statements.Sum(s => s.Duplicates);
}

/// <summary>
/// Imports a bank file (camt.052/053/054, a ZIP of them, a CSV export) in one transaction: every statement names one of
/// the group's accounts, which must belong to a company the caller reaches; a statement imported before is skipped
/// whole; its booked entries become transactions, each stored once (<see cref="StatementRows"/>). Either the whole file
/// is stored or nothing.
/// </summary>
public sealed class StatementImporter(NpgsqlDataSource dataSource, BankTransactionStore transactions, CsvProfileStore profiles, OutboxWriter outbox,
    TimeProvider clock)
{
    public const string ImportedEvent = "bank.statement_imported";

    private const string InsertStatement = """
        INSERT INTO bank_statements (id, company_id, account_id, format, kind, message_id, statement_id, file_sha256, from_date, to_date,
            opening_balance, closing_balance, closing_date, currency, entries, imported, duplicates, imported_by, imported_at)
        SELECT @id, a.company_id, a.id, @format, @kind, @messageId, @statementId, @sha, @fromDate, @toDate, @opening, @closing, @closingDate, @currency,
            @entries, 0, 0, @by, @now
        FROM company_bank_accounts a WHERE a.id = @accountId
        ON CONFLICT (account_id, kind, statement_id) WHERE statement_id IS NOT NULL DO NOTHING
        RETURNING id
        """;

    /// <summary>Imports one uploaded file; <c>account</c> is the IBAN a file is for when the file does not say (most CSV exports).</summary>
    public async Task<StatementImportResult> ImportAsync(Stream content, string? fileName, IReadOnlyCollection<string>? allowedCompanies, string by,
        CancellationToken cancellationToken, string? account = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var sha = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(content, cancellationToken));
        content.Position = 0;
        var files = StatementFiles.Read(content, fileName, CamtLimits.Default, await profiles.ListAsync(cancellationToken));
        var imported = new List<ImportedStatement>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var file in files)
        {
            foreach (var statement in file.Statements)
            {
                imported.Add(await ImportAsync(transaction, file, statement, sha, allowedCompanies, by, account, cancellationToken));
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return new StatementImportResult(imported);
    }

    private async Task<ImportedStatement> ImportAsync(NpgsqlTransaction transaction, ParsedStatementFile file, ParsedStatement statement, string sha,
        IReadOnlyCollection<string>? allowedCompanies, string by, string? accountGiven, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        var iban = statement.Account.Iban ?? statement.Account.OtherId ?? accountGiven?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant()
            ?? throw new UnprocessableException("The file names no account: send its IBAN in the field account.", "statement.no_account");
        var account = await BankAccountStore.FindByIbanAsync(connection, transaction, iban, cancellationToken)
            ?? throw new UnprocessableException($"Account {iban} is not an account of the group's companies.", "statement.unknown_account");
        if (allowedCompanies is not null && !allowedCompanies.Contains(account.Company)) throw new CompanyForbiddenException(account.Company);
        var kind = file.Format.StartsWith("csv", StringComparison.Ordinal) ? "csv" : statement.Kind switch
        {
            StatementKind.Report => "report",
            StatementKind.Notification => "notification",
            _ => "statement",
        };
        var statementKey = kind == "csv" ? null : statement.Id;
        var rows = StatementRows.From(account, file, statement);
        var id = await connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(InsertStatement, new
        {
            id = Guid.CreateVersion7(clock.GetUtcNow()), format = file.Format, kind, messageId = file.MessageId, statementId = statementKey, sha,
            fromDate = statement.FromDate?.ToUniversalTime(), toDate = statement.ToDate?.ToUniversalTime(), opening = statement.OpeningBalance?.Amount, closing = statement.ClosingBalance?.Amount,
            closingDate = statement.ClosingBalance?.Date,
            currency = statement.ClosingBalance?.Currency ?? statement.Account.Currency ?? account.Currency, entries = statement.Entries.Count, by,
            now = clock.GetUtcNow(), accountId = account.Id,
        }, transaction, cancellationToken: cancellationToken));
        if (id is null)
        {
            return new ImportedStatement(null, account.Company, account.Iban, file.Format, kind, statementKey, statement.Entries.Count, 0, rows.Count, true);
        }

        var stored = await transactions.InsertAsync(transaction, id, rows, cancellationToken);
        var duplicates = rows.Count - stored.Count;
        await connection.ExecuteAsync(new CommandDefinition("UPDATE bank_statements SET imported = @imported, duplicates = @duplicates WHERE id = @id",
            new { id, imported = stored.Count, duplicates }, transaction, cancellationToken: cancellationToken));
        await outbox.AppendAsync(transaction, ImportedEvent, account.Company, new
        {
            statementId = id, account = account.Iban, format = file.Format, kind, imported = stored.Count, duplicates,
        }, cancellationToken);
        return new ImportedStatement(id, account.Company, account.Iban, file.Format, kind, statementKey, statement.Entries.Count, stored.Count, duplicates, false);
    }
}
