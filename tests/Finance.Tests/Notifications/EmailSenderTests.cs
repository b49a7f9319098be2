using Dapper;
using Finance.Core.Notifications.Email;
using Finance.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Finance.Tests.Notifications;

public sealed class EmailSenderTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private static readonly byte[] Pdf = "%PDF-1.7\n% a stand-in attachment: the sender only carries bytes\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task SendAsync_WithPdf_ArrivesInMailDevWithAttachmentIntact()
    {
        var mail = await TestServers.MailDev;
        var recipient = $"client-{Guid.NewGuid():N}@example.ch";

        var receipt = await Sender(mail).SendAsync(Message(recipient, "k-" + Guid.NewGuid()), CancellationToken.None);

        var received = Assert.Single(await mail.MessagesToAsync(recipient));
        Assert.Equal("Facture HYPERVISUAL-2026-00001 de Hypervisual Sàrl", received.GetProperty("subject").GetString());
        Assert.Contains("Réglez", received.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(Pdf, await mail.AttachmentAsync(received, "HYPERVISUAL-2026-00001.pdf"));
        Assert.False(receipt.AlreadySent);
    }

    [Fact]
    public async Task SendAsync_SameIdempotencyKeyTwiceConcurrently_SendsOnce()
    {
        var mail = await TestServers.MailDev;
        var recipient = $"client-{Guid.NewGuid():N}@example.ch";
        var key = "flow-1:steps[0]:" + Guid.NewGuid();
        var sender = Sender(mail);

        var receipts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => sender.SendAsync(Message(recipient, key), CancellationToken.None)));
        var again = await sender.SendAsync(Message(recipient, key), CancellationToken.None);

        Assert.Single(await mail.MessagesToAsync(recipient));
        Assert.Single(receipts, r => !r.AlreadySent);
        Assert.True(again.AlreadySent);
        Assert.Single(receipts.Select(r => r.MessageId).Append(again.MessageId).Distinct());
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM sent_emails WHERE idempotency_key = @key", new { key }));
    }

    [Fact]
    public async Task SendAsync_SmtpServerDown_ThrowsAndRecordsNothing()
    {
        var key = "k-" + Guid.NewGuid();
        var sender = new EmailSender(database.DataSource,
            Options.Create(new SmtpOptions { Port = ServerProcess.FreePort(), Timeout = TimeSpan.FromSeconds(2) }), TimeProvider.System);

        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => sender.SendAsync(Message("x@example.ch", key), CancellationToken.None));

        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM sent_emails WHERE idempotency_key = @key", new { key }));
    }

    [Fact]
    public async Task SendAsync_CallerCancelsOnceTheServerHasTheMessage_SendIsRecordedAndNotRepeated()
    {
        await using var smtp = StallingSmtpServer.Start();
        var sender = new EmailSender(database.DataSource,
            Options.Create(new SmtpOptions { Port = smtp.Port, Timeout = TimeSpan.FromSeconds(10) }), TimeProvider.System);
        var key = "k-" + Guid.NewGuid();
        using var cancel = new CancellationTokenSource();

        // A worker whose lease is lost, or that shuts down, cancels its step just after the server said "250".
        var first = sender.SendAsync(Message("x@example.ch", key), cancel.Token);
        await smtp.Accepted;
        await cancel.CancelAsync();
        try
        {
            await first; // whether the cancelled step says it sent or was cancelled, its retry must not send again
        }
        catch (OperationCanceledException)
        {
        }
        var retried = await sender.SendAsync(Message("x@example.ch", key), CancellationToken.None);

        Assert.Equal(1, smtp.Messages);
        Assert.True(retried.AlreadySent);
    }

    private EmailSender Sender(MailDevServer mail) => new(database.DataSource,
        Options.Create(new SmtpOptions { Port = mail.SmtpPort, FromAddress = "finance@hypervisual.ch", FromName = "Hypervisual Sàrl" }),
        new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero)));

    private static EmailMessage Message(string recipient, string key) => new(
        key, "HYPERVISUAL", new EmailAddress(recipient, "Client SA"),
        "Facture HYPERVISUAL-2026-00001 de Hypervisual Sàrl", "Réglez avec le QR-code, merci.",
        [new EmailAttachment("HYPERVISUAL-2026-00001.pdf", "application/pdf", Pdf)]);
}
