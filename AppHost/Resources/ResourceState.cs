namespace Finance.AppHost.Resources;

public enum ResourceState
{
    Waiting,
    Starting,
    Running,
    Healthy,
    Exited,
    Failed,
}
