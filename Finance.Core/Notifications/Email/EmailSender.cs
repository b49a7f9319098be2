using System.Diagnostics;
using Finance.Core.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;

namespace Finance.Core.Notifications.Email;

/// <summary>
/// Sends e-mail over SMTP (MailKit) once per idempotency key. The key is locked for the duration of the send and
/// the send is recorded in the same transaction, so concurrent or retried steps send once. SMTP has no
/// transactions: if the process dies between the server's acceptance and the commit, a retry sends again —
/// with the same Message-ID, derived from the key, so mail systems can recognise the duplicate. That window is kept
/// to the one round trip it cannot avoid: the record is written before the message goes out, so only its COMMIT
/// follows the server's "250 OK", and nothing may abandon that commit (see <see cref="SendAsync"/>).
/// </summary>
public sealed class EmailSender(NpgsqlDataSource dataSource, IOptions<SmtpOptions> options, TimeProvider timeProvider)
{
    private const string FindSent = "SELECT message_id, sent_at FROM sent_emails WHERE idempotency_key = @key";

    private const string RecordSent = """
        INSERT INTO sent_emails (idempotency_key, company_id, message_id, recipient, subject, sent_at)
        VALUES (@key, (SELECT id FROM companies WHERE code = @company), @messageId, @recipient, @subject, @sentAt)
        """;

    public async Task<EmailReceipt> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        using var span = FinanceDiagnostics.Source.StartActivity("smtp.send", ActivityKind.Client);
        span?.SetTag("server.address", options.Value.Host);
        span?.SetTag("server.port", options.Value.Port);
        span?.SetTag("finance.company", message.Company);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Serialises senders of the same key; released by commit or rollback.
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
            new { key = message.IdempotencyKey }, transaction, cancellationToken: cancellationToken));
        var sent = await connection.QuerySingleOrDefaultAsync<(string MessageId, DateTime SentAt)?>(new CommandDefinition(
            FindSent, new { key = message.IdempotencyKey }, transaction, cancellationToken: cancellationToken));
        if (sent is { } previous)
        {
            span?.SetTag("finance.email.already_sent", true);
            return new EmailReceipt(previous.MessageId, AlreadySent: true, new DateTimeOffset(previous.SentAt, TimeSpan.Zero));
        }

        // Written before the message goes out, so that once the server has it only the COMMIT is left to do.
        var mime = ToMime(message);
        var sentAt = timeProvider.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition(RecordSent, new
        {
            key = message.IdempotencyKey,
            company = message.Company,
            messageId = mime.MessageId!,
            recipient = message.To.Address,
            subject = message.Subject,
            sentAt,
        }, transaction, cancellationToken: cancellationToken));
        using var client = await ConnectAsync(cancellationToken);

        // From the first byte of the message on, the caller's cancellation (a lost lease, a worker shutting down) is no
        // longer heard: cancelled after the server said "250 OK" but before the commit, the record would roll back and
        // the retry would send the e-mail a second time. The transfer is bounded by Smtp:Timeout instead.
        await client.SendAsync(mime, CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        FinanceDiagnostics.EmailsSent.Add(1);
        span?.SetTag("finance.email.message_id", mime.MessageId);
        await QuitQuietlyAsync(client, cancellationToken);
        return new EmailReceipt(mime.MessageId!, AlreadySent: false, sentAt);
    }

    private MimeMessage ToMime(EmailMessage message)
    {
        var o = options.Value;
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            MessageId = $"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message.IdempotencyKey)))[..32]}@finance",
            Date = timeProvider.GetUtcNow(),
        };
        mime.From.Add(new MailboxAddress(o.FromName, o.FromAddress));
        mime.To.Add(new MailboxAddress(message.To.Name ?? message.To.Address, message.To.Address));
        if (message.ReplyTo is { } replyTo)
        {
            mime.ReplyTo.Add(new MailboxAddress(replyTo.Name ?? replyTo.Address, replyTo.Address));
        }
        var body = new BodyBuilder { TextBody = message.TextBody };
        foreach (var attachment in message.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }
        mime.Body = body.ToMessageBody();
        return mime;
    }

    private async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var client = new SmtpClient { Timeout = (int)o.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(o.Host, o.Port, o.RequireTls ? SecureSocketOptions.StartTls : SecureSocketOptions.StartTlsWhenAvailable, cancellationToken);
            if (!string.IsNullOrEmpty(o.UserName))
            {
                await client.AuthenticateAsync(o.UserName, o.Password ?? string.Empty, cancellationToken);
            }
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>QUIT after the commit: the message is the server's and recorded, so a slow or failed goodbye changes nothing.</summary>
    private static async Task QuitQuietlyAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or IOException or System.Net.Sockets.SocketException
            or MailKit.ProtocolException or MailKit.CommandException or MailKit.ServiceNotConnectedException)
        {
            // Dispose closes the socket.
        }
    }
}
