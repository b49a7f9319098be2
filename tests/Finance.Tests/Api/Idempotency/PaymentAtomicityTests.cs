using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Finance.Api.Invoicing;
using Finance.Tests.Api.Flows;
using Finance.Tests.Infrastructure;
using Finance.Tests.Invoicing;
using Finance.Workflows.Engines;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Tests.Api.Idempotency;

/// <summary>
/// A payment and the start of its <c>invoice.mark-paid</c> commit together (issue 11, item 5): a failure of the second write
/// leaves neither, a committed payment always has its start, and the relay makes that start exactly once on the engine.
/// </summary>
public sealed class PaymentAtomicityTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private readonly InvoicingClient _client = new(fixture.Api.ClientWithToken());

    [Fact]
    public async Task RecordPayment_FlowStartWriteFails_StoresNeitherThePaymentNorTheStart()
    {
        var invoice = await _client.IssuedInvoiceAsync();
        // The failure is injected in PostgreSQL itself, between the payment's writes and its flow start's, in the same transaction.
        await ExecuteAsync($"""
            CREATE FUNCTION fail_start_{invoice.Id:N}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.correlation_id = '{invoice.Id}' THEN RAISE EXCEPTION 'injected: flow start write fails'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER fail_start_{invoice.Id:N} BEFORE INSERT ON flow_starts FOR EACH ROW EXECUTE FUNCTION fail_start_{invoice.Id:N}();
            """);

        var failed = await PayAsync(invoice.Id, 500m, "key-atomic-1");
        await ExecuteAsync($"DROP TRIGGER fail_start_{invoice.Id:N} ON flow_starts; DROP FUNCTION fail_start_{invoice.Id:N}();");

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM invoice_payments WHERE invoice_id = @id", invoice.Id));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM flow_starts WHERE correlation_id = @id::text", invoice.Id));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM outbox WHERE payload->>'invoiceId' = @id::text AND type LIKE 'invoice.pa%'", invoice.Id));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM idempotency_keys WHERE key = 'key-atomic-1'", invoice.Id));
        var unchanged = await _client.GetAsync(invoice.Id);
        Assert.Equal(("issued", 0m, 1081m), (unchanged.Status, unchanged.PaidAmount, unchanged.OpenAmount));

        // The client's retry with the same key now records the payment, once.
        var retried = await PayAsync(invoice.Id, 500m, "key-atomic-1");
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM invoice_payments WHERE invoice_id = @id", invoice.Id));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM flow_starts WHERE correlation_id = @id::text", invoice.Id));
    }

    [Fact]
    public async Task RecordPayment_CommitsItsFlowStart_AndTheRelayStartsMarkPaidExactlyOnce()
    {
        var invoice = await _client.IssuedInvoiceAsync();

        var recorded = await InvoicingClient.ReadAsync<RecordedPaymentResponse>(await PayAsync(invoice.Id, 1081m));
        var instanceId = InvoicePaymentEndpoints.MarkPaidInstanceId(recorded.Payment.Id);

        // Committed with the payment, not yet made: the engine has no such instance until the relay runs.
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM flow_starts WHERE instance_id = @id AND started_at IS NULL", instanceId));
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM flow_instances WHERE id = @id", instanceId));

        await fixture.Api.DrainAsync();

        // The flow runs: its first step (taking the payment the API recorded) completed. The rest e-mails finance, which this
        // fixture has no SMTP server for; InvoiceFlowEndToEndTests runs the whole flow to the end of the dunning.
        Assert.Equal("invoice.mark-paid", await ScalarAsync<string>("SELECT flow_id FROM flow_instances WHERE id = @id", instanceId));
        var completed = await ActivitiesCompletedAsync(instanceId);
        Assert.True(completed >= 1, "the flow's first step did not complete");
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM flow_starts WHERE instance_id = @id AND started_at IS NOT NULL", instanceId));

        // At least once: a start whose mark was lost is made again, and the deterministic instance id makes it a no-op.
        await ExecuteAsync("UPDATE flow_starts SET started_at = NULL, next_attempt_at = now() - interval '1 second' WHERE instance_id = @id", instanceId);
        var relayed = await fixture.Api.Services.GetRequiredService<FlowStartRelay>().RelayBatchAsync(100, CancellationToken.None);
        Assert.Equal(1, relayed);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM flow_instances WHERE id = @id", instanceId));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM flow_journal WHERE instance_id = @id AND event->>'type' = 'started'", instanceId));
        Assert.Equal(completed, await ActivitiesCompletedAsync(instanceId));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM flow_starts WHERE instance_id = @id AND started_at IS NOT NULL", instanceId));
    }

    [Fact]
    public async Task FlowStartRelay_EngineRefusesTheStart_KeepsItWithItsErrorAndTriesAgainLater()
    {
        var instanceId = $"test-start-{Guid.NewGuid():N}";
        await using (var connection = await fixture.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await fixture.Api.Services.GetRequiredService<FlowStartOutbox>().AppendAsync(transaction,
                new StartFlowRequest("no.such.flow", new JsonObject(), "HYPERVISUAL", "x", InstanceId: instanceId), CancellationToken.None);
            await transaction.CommitAsync();
        }

        await fixture.Api.Services.GetRequiredService<FlowStartRelay>().RelayBatchAsync(100, CancellationToken.None);

        var row = await ScalarAsync<string>("SELECT attempts || ' ' || (started_at IS NULL) || ' ' || (next_attempt_at > now()) || ' ' || last_error FROM flow_starts WHERE instance_id = @id", instanceId);
        Assert.StartsWith("1 true true FlowNotFoundException", row, StringComparison.Ordinal);
        await ExecuteAsync("DELETE FROM flow_starts WHERE instance_id = @id", instanceId);
    }

    private Task<HttpResponseMessage> PayAsync(Guid invoiceId, decimal amount, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/invoices/{invoiceId}/payments")
        {
            Content = JsonContent.Create(new PaymentRequest(new DateOnly(2026, 3, 1), amount, "CHF", "bank statement 42")),
        };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return _client.Http.SendAsync(request);
    }

    private async Task ExecuteAsync(string sql, object? id = null)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql, new { id });
    }

    private Task<long> ActivitiesCompletedAsync(string instanceId) =>
        CountAsync("SELECT count(*) FROM flow_journal WHERE instance_id = @id AND event->>'type' = 'activityCompleted'", instanceId);

    private Task<long> CountAsync(string sql, object id) => fixture.DataSource.CountAsync(sql, new { id });

    private async Task<T> ScalarAsync<T>(string sql, object id)
    {
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, new { id }))!;
    }
}
