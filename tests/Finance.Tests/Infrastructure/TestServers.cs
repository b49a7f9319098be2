namespace Finance.Tests.Infrastructure;

/// <summary>
/// One PostgreSQL cluster and one Redis server for the whole test run, started on first use and stopped when the
/// test process exits (and by a watchdog if it is killed). Test classes get their own database and key prefix.
/// </summary>
public static class TestServers
{
    private static readonly Lazy<Task<PostgresServer>> LazyPostgres = new(() => PostgresServer.StartNewAsync());
    private static readonly Lazy<Task<RedisServer>> LazyRedis = new(RedisServer.StartNewAsync);
    private static readonly Lazy<Task<MailDevServer>> LazyMailDev = new(MailDevServer.StartNewAsync);

    static TestServers() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        if (LazyPostgres.IsValueCreated && LazyPostgres.Value.IsCompletedSuccessfully)
        {
            LazyPostgres.Value.Result.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        if (LazyRedis.IsValueCreated && LazyRedis.Value.IsCompletedSuccessfully)
        {
            LazyRedis.Value.Result.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        if (LazyMailDev.IsValueCreated && LazyMailDev.Value.IsCompletedSuccessfully)
        {
            LazyMailDev.Value.Result.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    };

    public static Task<PostgresServer> Postgres => LazyPostgres.Value;

    public static Task<RedisServer> Redis => LazyRedis.Value;

    /// <summary>One maildev for the run; tests tell their mail apart by recipient address.</summary>
    public static Task<MailDevServer> MailDev => LazyMailDev.Value;
}
