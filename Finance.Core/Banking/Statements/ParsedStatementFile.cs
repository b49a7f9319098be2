namespace Finance.Core.Banking.Statements;

/// <summary>
/// One bank file turned into the neutral model: a camt message (<see cref="Format"/> "camt.053.001.04") or a CSV export
/// ("csv:PostFinance"). Pure data; storing it is someone else's job.
/// </summary>
public sealed record ParsedStatementFile(
    string Format,
    string? MessageId,
    DateTimeOffset? CreatedAt,
    IReadOnlyList<ParsedStatement> Statements);

/// <summary>An amount with its ISO 4217 currency; signed where the owner says so.</summary>
public sealed record StatementMoney(decimal Amount, string Currency);
