using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Finance.Core.Events;

namespace Finance.Tests.Reliability;

/// <summary>
/// One subscriber of GET /api/events kept open for a whole test, collecting the outbox ids of the events it receives
/// (delivery is at least once, so a set; <see cref="Received"/> counts repeats too).
/// </summary>
internal sealed class SseCollector : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpResponseMessage _response;
    private readonly Task _reading;

    public ConcurrentDictionary<long, int> Ids { get; } = new();

    public int Received => Ids.Values.Sum();

    private SseCollector(HttpResponseMessage response)
    {
        _response = response;
        _reading = Task.Run(ReadAsync);
    }

    public static async Task<SseCollector> OpenAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new SseCollector(response);
    }

    private async Task ReadAsync()
    {
        try
        {
            await using var body = await _response.Content.ReadAsStreamAsync(_stop.Token);
            await foreach (var item in SseParser.Create(body).EnumerateAsync(_stop.Token))
            {
                var e = JsonSerializer.Deserialize<FinanceEvent>(item.Data, JsonSerializerOptions.Web)!;
                Ids.AddOrUpdate(e.Id, 1, (_, n) => n + 1);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // Disposed: the subscription ends here.
        }
    }

    /// <summary>Whether the stream ended before it was disposed (the API dropped the subscriber).</summary>
    public bool Broken => _reading.IsCompleted && !_stop.IsCancellationRequested;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); // a broken stream is reported by Broken
        _stop.Dispose();
    }
}
