using System.Diagnostics;
using System.Globalization;
using System.Net;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using Finance.Tests.Workflows.Embedded;
using Finance.Workflows.Invoicing;
using Xunit.Abstractions;

namespace Finance.Tests.Reliability;

/// <summary>
/// Invoices sent through the API (flow invoice.create-and-send: issue, e-mail the PDF to maildev, start the dunning) while
/// two Finance.Workers processes are killed with SIGKILL at random moments and restarted. Every send flow must finish,
/// every invoice be sent, and every invoice reach maildev under the Message-ID and subject sent_emails recorded.
/// <para>
/// An e-mail may arrive twice only in the one case no SMTP client can rule out (RFC 1047): the worker dies after the
/// server took the message and before the send was committed, so the retried step sends it again (same Message-ID, so
/// mail systems can fold it). The test therefore allows a second copy only of a send the victim of a kill was running,
/// and counts them; any other duplicate fails it. Bench: bench/run.sh reliability-kill.
/// </para>
/// </summary>
public sealed class WorkerKillTests(DatabaseFixture db, ITestOutputHelper output) : IClassFixture<DatabaseFixture>
{
    private static readonly string[] Companies = ["HYPERVISUAL", "DAINAMICS", "LEXAIA", "ENKI_REALTY", "TAKEOUT"];

    [Fact]
    public async Task InvoiceSends_WorkersKilledAtRandomMoments_NoFlowLostAndAnEmailRepeatedOnlyWhenItsSenderDied()
    {
        var sends = BenchSettings.Int("SENDS", 40);
        var maxKills = BenchSettings.Int("KILLS", 3);
        var spread = TimeSpan.FromSeconds(BenchSettings.Int("SPREAD_SECONDS", 6));
        var seed = BenchSettings.Int("SEED", Random.Shared.Next());
        var mail = await TestServers.MailDev;
        await using var api = new ApiFactory(db);
        var client = new InvoicingClient(api.ClientWithToken());
        var invoices = await CreateDraftsAsync(client, sends);

        var environment = WorkerProcesses.Environment(db.ConnectionString, db);
        environment["Smtp__Port"] = mail.SmtpPort.ToString(CultureInfo.InvariantCulture);
        await using var workers = await WorkerPool.StartAsync(2, environment);
        var clock = Stopwatch.StartNew();
        var sending = SendPacedAsync(client.Http, invoices, spread / sends);
        var killer = new RandomKiller(workers, db.DataSource, new Random(seed));
        while (killer.Kills < maxKills && (!sending.IsCompleted || await FinishedAsync() < sends))
        {
            await killer.KillOneAsync();
        }
        Assert.All(await sending, status => Assert.Equal(HttpStatusCode.Accepted, status));
        var finished = await WaitForAsync(sends, TimeSpan.FromSeconds(90));
        await workers.RestartedAsync();
        var elapsed = clock.Elapsed;

        var mails = await InvoiceMailbox.ReadAsync(mail, db.DataSource, invoices);
        var unexplained = mails.DuplicatedSends.Where(item => !killer.HeldAtKill.Contains(item)).ToList();
        var completed = await db.DataSource.CountAsync(
            "SELECT count(*) FROM flow_instances WHERE flow_id = @flow AND status = 'completed'", new { flow = InvoiceFlows.CreateAndSendId });
        BenchSettings.Report(output, ("sends", sends), ("kills", killer.Kills), ("kills_holding_leases", killer.HoldingLeases),
            ("lost", sends - completed), ("duplicates", mails.Duplicates), ("duplicates_not_at_a_kill", unexplained.Count),
            ("missing_emails", mails.Missing), ("mismatched_emails", mails.Mismatched), ("seconds", elapsed), ("seed", seed));

        Assert.True(finished && completed == sends,
            $"{sends - completed} of {sends} send flows did not complete:\n{await UnfinishedAsync()}\n{workers.Output()}");
        Assert.Equal(sends, await db.DataSource.CountAsync("SELECT count(*) FROM invoices WHERE status = 'sent'"));
        Assert.True((mails.Missing, mails.Mismatched, unexplained.Count) == (0, 0, 0),
            $"Sends twice without a kill mid-send: [{string.Join(", ", unexplained)}]\n{mails.Report}\n{workers.Output()}");
        Assert.Equal(sends, await db.DataSource.CountAsync("SELECT count(DISTINCT payload->>'invoiceId') FROM outbox WHERE type = 'invoice.created_and_sent'"));
        Assert.Equal(sends, await db.DataSource.CountAsync("SELECT count(*) FROM outbox WHERE type = 'invoice.created_and_sent'"));
        await WorkerProcesses.AssertJournalsConsistentAsync(db.DataSource, InvoiceFlows.CreateAndSendId);
        await WorkerProcesses.AssertJournalsConsistentAsync(db.DataSource, InvoiceFlows.DunningId);
        Assert.True(killer.HoldingLeases > 0, $"None of the {killer.Kills} kills hit a worker that held work: the run proved nothing.");
    }

    /// <summary>One draft per customer, each customer with an address of its own, so maildev's inbox tells the invoices apart.</summary>
    private static async Task<(Guid Id, string Email)[]> CreateDraftsAsync(InvoicingClient client, int count)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var invoices = new (Guid Id, string Email)[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
        {
            var company = Companies[i % Companies.Length];
            var email = $"kill-{run}-{i}@client.example";
            var customer = await client.CreateCustomerAsync(company, email: email);
            invoices[i] = ((await client.CreateDraftAsync(company, customer.Id)).Id, email);
        });
        return invoices;
    }

    /// <summary>The sends spread over some seconds, so the kills land while sends are in flight, not after.</summary>
    private static async Task<HttpStatusCode[]> SendPacedAsync(HttpClient http, (Guid Id, string Email)[] invoices, TimeSpan interval)
    {
        var statuses = new List<Task<HttpStatusCode>>();
        foreach (var (id, _) in invoices)
        {
            statuses.Add(Task.Run(async () => (await http.PostAsync($"/api/invoices/{id}/send", null)).StatusCode));
            await Task.Delay(interval);
        }
        return await Task.WhenAll(statuses);
    }

    /// <summary>The send flows that did not complete, with their steps' state and last error: the message of a failure.</summary>
    private async Task<string> UnfinishedAsync()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var rows = await Dapper.SqlMapper.QueryAsync<(string Id, string Status, string? Activity, string? StepStatus, int? Attempt, string? Error)>(connection, """
            SELECT i.id, i.status, w.activity_name, w.status, w.attempt, w.last_error
            FROM flow_instances i LEFT JOIN flow_work_items w ON w.instance_id = i.id
            WHERE i.flow_id = @flow AND i.status <> 'completed' ORDER BY i.id, w.id
            """, new { flow = InvoiceFlows.CreateAndSendId });
        return string.Join('\n', rows.Select(r => $"{r.Id} {r.Status}: {r.Activity} {r.StepStatus} attempt {r.Attempt} {r.Error}"));
    }

    private Task<long> FinishedAsync() => db.DataSource.CountAsync(
        "SELECT count(*) FROM flow_instances WHERE flow_id = @flow AND status IN ('completed', 'failed', 'cancelled')",
        new { flow = InvoiceFlows.CreateAndSendId });

    /// <summary>Waits until every send flow has finished, one way or the other; false on timeout (the figures still go out).</summary>
    private async Task<bool> WaitForAsync(int sends, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (await FinishedAsync() < sends)
        {
            if (deadline.Elapsed > timeout)
            {
                return false;
            }
            await Task.Delay(100);
        }
        return true;
    }
}
