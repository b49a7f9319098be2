namespace Finance.Core.Notifications.Email;

/// <summary>An e-mail to send. <see cref="IdempotencyKey"/> makes sending it twice a no-op (a flow step's key).</summary>
public sealed record EmailMessage(
    string IdempotencyKey,
    string? Company,
    EmailAddress To,
    string Subject,
    string TextBody,
    IReadOnlyList<EmailAttachment> Attachments,
    EmailAddress? ReplyTo = null);

public sealed record EmailAddress(string Address, string? Name = null);

public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>What happened to a send: sent now, or found already sent under the same key.</summary>
public sealed record EmailReceipt(string MessageId, bool AlreadySent, DateTimeOffset SentAt);
