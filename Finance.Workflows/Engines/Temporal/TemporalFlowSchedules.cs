using Finance.Workflows.Schedules;
using Temporalio.Client;
using Temporalio.Client.Schedules;
using Temporalio.Exceptions;

namespace Finance.Workflows.Engines.Temporal;

/// <summary>
/// <see cref="IFlowSchedules"/> on Temporal: the stored schedule (what the API and the next mirror read) and its Temporal
/// Schedule (what fires) change together; pause and resume reach Temporal at once rather than at the next worker start.
/// The next fire time shown is Temporal's own.
/// </summary>
public sealed class TemporalFlowSchedules(FlowScheduleStore store, IFlowEngine engine, ITemporalClient client) : IFlowSchedules
{
    public async Task<IReadOnlyList<FlowScheduleState>> ListAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ListAsync(cancellationToken);
        var withTemporal = new List<FlowScheduleState>(stored.Count);
        foreach (var schedule in stored)
        {
            withTemporal.Add(await WithTemporalAsync(schedule, cancellationToken));
        }

        return withTemporal;
    }

    public async Task<FlowScheduleState?> FindAsync(string id, CancellationToken cancellationToken) =>
        await store.FindAsync(id, cancellationToken) is { } schedule ? await WithTemporalAsync(schedule, cancellationToken) : null;

    public async Task<FlowScheduleState> PauseAsync(string id, CancellationToken cancellationToken)
    {
        var paused = await store.SetPausedAsync(id, true, cancellationToken);
        await OnTemporalAsync(id, handle => handle.PauseAsync("Paused from the Finance API.", new RpcOptions { CancellationToken = cancellationToken }));
        return await WithTemporalAsync(paused, cancellationToken);
    }

    public async Task<FlowScheduleState> ResumeAsync(string id, CancellationToken cancellationToken)
    {
        var resumed = await store.SetPausedAsync(id, false, cancellationToken);
        await OnTemporalAsync(id, handle => handle.UnpauseAsync("Resumed from the Finance API.", new RpcOptions { CancellationToken = cancellationToken }));
        return await WithTemporalAsync(resumed, cancellationToken);
    }

    public async Task<FlowInstanceRef> TriggerNowAsync(string id, CancellationToken cancellationToken)
    {
        var schedule = await store.FindAsync(id, cancellationToken) ?? throw new FlowNotFoundException($"No schedule '{id}'.");
        return await engine.StartAsync(FlowScheduleStore.StartRequest(schedule, StoredFlowSchedules.ManualInstanceId(id)), cancellationToken);
    }

    /// <summary>A schedule the workers have not mirrored yet changes in the store only; the mirror carries the change over.</summary>
    private async Task OnTemporalAsync(string id, Func<ScheduleHandle, Task> change)
    {
        try
        {
            await change(client.GetScheduleHandle(id));
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
        }
    }

    private async Task<FlowScheduleState> WithTemporalAsync(FlowScheduleState schedule, CancellationToken cancellationToken)
    {
        try
        {
            var description = await client.GetScheduleHandle(schedule.Id).DescribeAsync(new RpcOptions { CancellationToken = cancellationToken });
            var next = description.Info.NextActionTimes.Count > 0 ? description.Info.NextActionTimes.Min() : (DateTime?)null;
            var last = description.Info.RecentActions.Count > 0 ? description.Info.RecentActions.Max(a => a.ScheduledAt) : (DateTime?)null;
            return schedule with
            {
                Paused = description.Schedule.State.Paused,
                NextFireAt = description.Schedule.State.Paused ? null : next ?? schedule.NextFireAt,
                LastFireAt = last ?? schedule.LastFireAt,
            };
        }
        catch (RpcException e) when (e.Code == RpcException.StatusCode.NotFound)
        {
            return schedule; // not mirrored yet
        }
    }
}
