using Finance.Workflows.Engines;

namespace Finance.Workflows.Schedules;

/// <summary>
/// The schedules an operator sees and steers, on either engine: the stored schedules with the engine's view of their next
/// fire, pause, resume, and a manual trigger. <c>Workflows:Engine</c> picks the implementation (embedded:
/// <see cref="StoredFlowSchedules"/>; Temporal: the store and the Temporal Schedule kept in step).
/// </summary>
public interface IFlowSchedules
{
    Task<IReadOnlyList<FlowScheduleState>> ListAsync(CancellationToken cancellationToken);

    /// <summary>One schedule; null when unknown.</summary>
    Task<FlowScheduleState?> FindAsync(string id, CancellationToken cancellationToken);

    /// <exception cref="FlowNotFoundException">Unknown schedule.</exception>
    Task<FlowScheduleState> PauseAsync(string id, CancellationToken cancellationToken);

    /// <summary>Resumes; fire times missed while paused are skipped.</summary>
    /// <exception cref="FlowNotFoundException">Unknown schedule.</exception>
    Task<FlowScheduleState> ResumeAsync(string id, CancellationToken cancellationToken);

    /// <summary>Starts the schedule's flow now, outside its cron times, as instance <c>{id}:manual:{uuid}</c>.</summary>
    /// <exception cref="FlowNotFoundException">Unknown schedule.</exception>
    Task<FlowInstanceRef> TriggerNowAsync(string id, CancellationToken cancellationToken);
}

/// <summary>The embedded engine's schedules: the store is the whole truth, the engine's timer service fires them.</summary>
public sealed class StoredFlowSchedules(FlowScheduleStore store, IFlowEngine engine) : IFlowSchedules
{
    public Task<IReadOnlyList<FlowScheduleState>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public Task<FlowScheduleState?> FindAsync(string id, CancellationToken cancellationToken) => store.FindAsync(id, cancellationToken);

    public Task<FlowScheduleState> PauseAsync(string id, CancellationToken cancellationToken) => store.SetPausedAsync(id, true, cancellationToken);

    public Task<FlowScheduleState> ResumeAsync(string id, CancellationToken cancellationToken) => store.SetPausedAsync(id, false, cancellationToken);

    public async Task<FlowInstanceRef> TriggerNowAsync(string id, CancellationToken cancellationToken)
    {
        var schedule = await store.FindAsync(id, cancellationToken) ?? throw new FlowNotFoundException($"No schedule '{id}'.");
        return await engine.StartAsync(FlowScheduleStore.StartRequest(schedule, ManualInstanceId(id)), cancellationToken);
    }

    /// <summary>The instance id of a manual fire: the schedule's id, so the run history groups it with the cron fires.</summary>
    public static string ManualInstanceId(string scheduleId) => $"{scheduleId}:manual:{Guid.CreateVersion7():N}";
}
