using Finance.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Finance.Tests.Invoicing;

/// <summary>
/// Tests of the API with maildev as its SMTP server and a fake clock (24.11.2026 08:00 UTC) moved by hand. Every test gets
/// a host of its own: each moves its own clock.
/// </summary>
public abstract class MailingApiTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>, IAsyncLifetime
{
    protected DatabaseFixture Database { get; } = database;

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));

    protected ApiFactory Api { get; private set; } = null!;

    protected MailDevServer Mail { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Mail = await TestServers.MailDev;
        Api = new ApiFactory(Database, Clock, new Dictionary<string, string> { ["Smtp:Port"] = $"{Mail.SmtpPort}" });
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();
}
