using System.Collections.Concurrent;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Finance.Workflows.Engines.Embedded;

/// <summary>
/// One heartbeat for all the activities running in this process: every third of <see cref="FlowEngineOptions.LeaseDuration"/>
/// it extends their leases in one statement, so a long activity is not taken over by another worker. An activity whose row
/// is no longer ours (its lease expired while this process was paused, and another worker took it) has its token cancelled.
/// The worker host runs <see cref="RunAsync"/> for its lifetime; a process that runs activities without it (a test, a
/// tool) keeps them only for the lease they were taken with.
/// </summary>
public sealed class FlowLeaseHeartbeat(
    NpgsqlDataSource dataSource, TimeProvider timeProvider, IOptions<FlowEngineOptions> options, ILogger<FlowLeaseHeartbeat> logger)
{
    // Only rows still leased to their owner: a row another worker took over is not extended, and its activity is told.
    private const string Extend = """
        UPDATE flow_work_items w SET lease_until = greatest(w.lease_until, @until), run_at = greatest(w.run_at, @until)
        FROM unnest(@ids::bigint[], @owners::text[]) AS running(id, lease_owner)
        WHERE w.id = running.id AND w.lease_owner = running.lease_owner AND w.status = 'active'
        RETURNING w.id
        """;

    private readonly ConcurrentDictionary<long, RunningActivity> _running = new();

    /// <summary>Keeps <paramref name="item"/>'s lease while it runs; dispose the result when the activity returned.</summary>
    internal RunningActivity Track(LeasedWorkItem item)
    {
        var running = new RunningActivity(item, this);
        _running[item.Id] = running;
        return running;
    }

    /// <summary>Beats until <paramref name="stoppingToken"/> is cancelled; a failed beat is logged and the next one comes.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.Value.LeaseDuration / 3, timeProvider, stoppingToken);
                await BeatAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Extends the leases of the activities running now; returns how many it extended. An unreachable database only skips
    /// a beat: if nobody re-leased the row meanwhile, the outcome is still ours to record.
    /// </summary>
    public async Task<int> BeatAsync(CancellationToken cancellationToken)
    {
        var running = _running.Values.ToArray();
        if (running.Length == 0)
        {
            return 0;
        }

        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            var extended = (await connection.QueryAsync<long>(new CommandDefinition(Extend, new
            {
                ids = running.Select(r => r.Item.Id).ToArray(),
                owners = running.Select(r => r.Item.LeaseOwner).ToArray(),
                until = timeProvider.GetUtcNow() + options.Value.LeaseDuration,
            }, cancellationToken: cancellationToken))).ToHashSet();
            foreach (var lost in running.Where(r => !extended.Contains(r.Item.Id) && _running.ContainsKey(r.Item.Id)))
            {
                await lost.LeaseLostSource.CancelAsync();
            }

            return extended.Count;
        }
        catch (Exception e) when (FlowDb.IsTransient(e) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Could not extend the leases of {Count} running work item(s)", running.Length);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "The lease heartbeat failed; trying again next beat");
        }

        return 0;
    }

    /// <summary>An activity running in this process; disposing it ends the heartbeat's care for it.</summary>
    internal sealed class RunningActivity(LeasedWorkItem item, FlowLeaseHeartbeat heartbeat) : IDisposable
    {
        public LeasedWorkItem Item { get; } = item;

        // Not disposed: a beat may cancel it after the activity returned (harmless then); it holds no timer.
        internal CancellationTokenSource LeaseLostSource { get; } = new();

        /// <summary>Cancelled when another worker took the row over.</summary>
        public CancellationToken LeaseLost => LeaseLostSource.Token;

        public void Dispose() => heartbeat._running.TryRemove(new KeyValuePair<long, RunningActivity>(Item.Id, this));
    }
}
