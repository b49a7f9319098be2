namespace Finance.AppHost.Resources;

/// <summary>Aspire's two waits: <c>WaitFor</c> (healthy) and <c>WaitForCompletion</c> (ran to exit code 0).</summary>
public enum WaitBehavior
{
    Healthy,
    Completed,
}
