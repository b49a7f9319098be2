using System.Collections.Concurrent;
using System.Diagnostics;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Redis command tracing, the way OpenTelemetry.Instrumentation.StackExchangeRedis does it (not served by our
/// mirror): a profiling session per ambient activity, drained into child activities once the parent has ended.
/// </summary>
public sealed class RedisTelemetry : IDisposable
{
    public const string ActivitySourceName = "Finance.Redis";
    public const string MeterName = "StackExchange.Redis";

    private static readonly ActivitySource Source = new(ActivitySourceName);
    private readonly ConcurrentDictionary<(ActivityTraceId, ActivitySpanId), (Activity Parent, ProfilingSession Session)> _sessions = new();
    private readonly Timer _drain;

    public RedisTelemetry(IConnectionMultiplexer multiplexer)
    {
        multiplexer.RegisterProfiler(GetSession);
        _drain = new Timer(_ => Drain(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    private ProfilingSession? GetSession()
    {
        // Profile only when someone listens to our source and a traced operation is under way.
        if (!Source.HasListeners() || Activity.Current is not { } parent)
        {
            return null;
        }
        return _sessions.GetOrAdd((parent.TraceId, parent.SpanId), _ => (parent, new ProfilingSession())).Session;
    }

    private void Drain()
    {
        foreach (var (key, (parent, session)) in _sessions)
        {
            var ended = parent.IsStopped;
            if (ended)
            {
                _sessions.TryRemove(key, out _);
            }
            foreach (var command in session.FinishProfiling())
            {
                using var activity = Source.StartActivity($"redis {command.Command}", ActivityKind.Client, parent.Context,
                    startTime: command.CommandCreated.ToUniversalTime());
                if (activity is null)
                {
                    continue;
                }
                activity.SetTag("db.system", "redis");
                activity.SetTag("db.operation.name", command.Command);
                activity.SetTag("server.address", command.EndPoint.ToString());
                activity.SetEndTime(command.CommandCreated.ToUniversalTime() + command.ElapsedTime);
            }
        }
    }

    public void Dispose() => _drain.Dispose();
}
