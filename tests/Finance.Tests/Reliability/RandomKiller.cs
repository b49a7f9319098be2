using System.Diagnostics;
using Dapper;
using Npgsql;

namespace Finance.Tests.Reliability;

/// <summary>
/// Kills a random running worker of a pool at a random moment while it runs a step, and notes which work items the
/// victim held when it died (running, or taken and about to run): the only steps a kill can leave half done.
/// </summary>
internal sealed class RandomKiller(WorkerPool workers, NpgsqlDataSource dataSource, Random random)
{
    // A lease owner is "host:pid:suffix" (FlowWorkRunner.WorkerId).
    private const string Held = "SELECT id FROM flow_work_items WHERE status = 'active' AND split_part(lease_owner, ':', 2) = @pid";

    private readonly HashSet<long> _heldAtKill = [];

    public int Kills { get; private set; }

    /// <summary>Kills whose victim held leased work items just before it died.</summary>
    public int HoldingLeases { get; private set; }

    /// <summary>The work items a victim held when it was killed.</summary>
    public IReadOnlySet<long> HeldAtKill => _heldAtKill;

    /// <summary>
    /// After a random pause, picks a running worker and kills it as soon as it holds work (at most 2 s later, then
    /// regardless): a kill of an idle process would prove little. The last running worker is not spared: all may be down
    /// at once, their leases left behind, until their successors start. The held items are read a few milliseconds before
    /// the kill; a step leased in those milliseconds cannot have got far enough to leave anything half done.
    /// </summary>
    public async Task KillOneAsync()
    {
        await Task.Delay(random.Next(200, 1000));
        var running = workers.Running();
        if (running.Count == 0)
        {
            return; // all are restarting
        }
        var (index, pid) = running[random.Next(running.Count)];
        List<long> held;
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            var waited = Stopwatch.StartNew();
            while ((held = [.. await connection.QueryAsync<long>(Held, new { pid = $"{pid}" })]).Count == 0 && waited.Elapsed < TimeSpan.FromSeconds(2))
            {
                await Task.Delay(random.Next(5, 30));
            }
        }
        await workers.KillAsync(index);
        Kills++;
        HoldingLeases += held.Count > 0 ? 1 : 0;
        _heldAtKill.UnionWith(held);
    }
}
