using Dapper;
using Finance.Core.Companies;
using Finance.Core.Demo;
using Finance.Core.Notifications;
using Npgsql;

namespace Finance.Workflows.Notifications;

/// <summary>
/// Who hears what on a first run: per company an approver and an accountant (in the company's language, at its mail
/// domain), and the group's CFO as admin in every company, for escalations only. maildev shows their mail.
/// </summary>
internal sealed class NotificationsDemoData(NpgsqlDataSource dataSource, CompanyStore companies, RecipientDirectory directory) : IDemoSeeder
{
    public string Description => "notification recipients: approvers and accountants per company, the CFO for escalations";

    public async Task<bool> SeedOnceAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM notification_recipients)",
                    cancellationToken: cancellationToken)))
            {
                return false;
            }
        }

        foreach (var company in await companies.ListAsync(null, cancellationToken))
        {
            var domain = company.Email[(company.Email.IndexOf('@', StringComparison.Ordinal) + 1)..];
            await directory.SaveAsync(new(company.Code, $"Approvals {company.Name}", $"approvals@{domain}", company.DefaultLanguage,
                [NotificationRoles.Approver], null), cancellationToken);
            await directory.SaveAsync(new(company.Code, $"Accounting {company.Name}", $"accounting@{domain}", company.DefaultLanguage,
                [NotificationRoles.Accountant], null), cancellationToken);
        }
        await directory.SaveAsync(new(null, "Group CFO", "cfo@finance-group.example", "en", [NotificationRoles.Admin], ["bill.escalation"]),
            cancellationToken);
        return true;
    }
}
