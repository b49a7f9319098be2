using System.Text.Json;
using Dapper;
using Finance.Tests.Infrastructure;
using Npgsql;

namespace Finance.Tests.Reliability;

/// <summary>
/// What maildev received for a set of invoices (one customer address each), against what the database says went out:
/// <see cref="Duplicates"/> counts every message beyond the first to an address, <see cref="Missing"/> the addresses that
/// got none, <see cref="Mismatched"/> messages whose subject or Message-ID is not the one sent_emails recorded for the invoice;
/// <see cref="DuplicatedSends"/> are the invoice.send work items of the invoices that got more than one.
/// </summary>
internal sealed record InvoiceMailbox(int Duplicates, int Missing, int Mismatched, IReadOnlyList<long> DuplicatedSends, string Report)
{
    private const string Sent = """
        SELECT s.recipient AS Recipient, s.message_id AS MessageId, s.subject AS Subject, i.number AS Number, s.sent_at AS SentAt, w.id AS WorkItem
        FROM sent_emails s
        JOIN flow_work_items w ON w.idempotency_key = s.idempotency_key AND w.activity_name = 'invoice.send'
        JOIN invoices i ON w.instance_id = 'invoice-send-' || replace(i.id::text, '-', '')
        """;

    public static async Task<InvoiceMailbox> ReadAsync(MailDevServer mail, NpgsqlDataSource dataSource, (Guid Id, string Email)[] invoices)
    {
        var received = (await mail.MessagesAsync())
            .SelectMany(m => MailDevServer.Recipients(m).Select(to => (To: to.ToLowerInvariant(), Message: m)))
            .ToLookup(r => r.To, r => r.Message);
        await using var connection = await dataSource.OpenConnectionAsync();
        var sent = (await connection.QueryAsync<(string Recipient, string MessageId, string Subject, string Number, DateTime SentAt, long WorkItem)>(Sent))
            .ToLookup(s => s.Recipient.ToLowerInvariant());

        int duplicates = 0, missing = 0, mismatched = 0;
        var report = new System.Text.StringBuilder();
        var duplicatedSends = new List<long>();
        foreach (var (_, email) in invoices)
        {
            var messages = received[email.ToLowerInvariant()].ToList();
            var expected = sent[email.ToLowerInvariant()].SingleOrDefault();
            duplicates += Math.Max(0, messages.Count - 1);
            missing += messages.Count == 0 ? 1 : 0;
            if (messages.Count > 1 && expected.MessageId is not null)
            {
                duplicatedSends.Add(expected.WorkItem);
            }
            var wrong = messages.Count(m => expected.MessageId is null || !Matches(m, expected.MessageId, expected.Subject, expected.Number));
            mismatched += wrong;
            if (messages.Count != 1 || wrong > 0)
            {
                report.AppendLine($"{email}: {messages.Count} message(s) (work item {expected.WorkItem}), recorded {expected.MessageId ?? "none"} at {expected.SentAt:O}; received "
                    + string.Join(", ", messages.Select(m => $"{m.GetProperty("headers").GetProperty("message-id")} at {m.GetProperty("time")}")));
            }
        }
        return new InvoiceMailbox(duplicates, missing, mismatched, duplicatedSends, report.ToString());
    }

    private static bool Matches(JsonElement message, string messageId, string subject, string number) =>
        message.GetProperty("headers").GetProperty("message-id").GetString()?.Trim('<', '>') == messageId
        && message.GetProperty("subject").GetString() == subject
        && subject.Contains(number, StringComparison.Ordinal);
}
