using Tickwatch.BenchSupport;
using Tickwatch.Storage.Publishing;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// In the gateway process: every millisecond, on its own thread, how old the newest announced price of each symbol is,
/// and how many work items wait in the thread pool. It tells a stall of the source side (the store writer not
/// announcing for a while, though each price it writes is fresh) from a delay in the send loops.
/// </summary>
internal sealed class StalenessSampler : IDisposable
{
    private readonly long[] _newestTicks;
    private readonly Dictionary<string, int> _index;
    private readonly LatencyHistogram _oldest = new();
    private readonly LatencyHistogram _backlogMicros = new();
    private readonly List<IAsyncDisposable> _subscriptions = [];
    private readonly Thread _thread;
    private volatile bool _recording;
    private volatile bool _stopping;
    private long _maxBacklog;

    public StalenessSampler(InMemoryPriceAnnouncements hub, string[] symbols)
    {
        _newestTicks = new long[symbols.Length];
        _index = symbols.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i, StringComparer.Ordinal);
        foreach (var symbol in symbols)
        {
            var i = _index[symbol];
            _subscriptions.Add(hub.SubscribePricesAsync(symbol, price => Interlocked.Exchange(ref _newestTicks[i], price.ReceivedAt.UtcTicks), CancellationToken.None).Result);
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "bench-staleness", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Starts a new measurement (the feed's measured window).</summary>
    public void Start()
    {
        _oldest.Reset();
        _backlogMicros.Reset();
        Interlocked.Exchange(ref _maxBacklog, 0);
        _recording = true;
    }

    public StalenessFigures Read() => new(
        _oldest.Count,
        _oldest.Percentile(50),
        _oldest.Percentile(99),
        _oldest.Percentile(99.9),
        _oldest.MaxMilliseconds,
        _backlogMicros.Percentile(99) * 1000,
        Interlocked.Read(ref _maxBacklog));

    public void Dispose()
    {
        _stopping = true;
        _thread.Join();
        foreach (var subscription in _subscriptions)
        {
            subscription.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            Thread.Sleep(1);
            if (!_recording)
            {
                continue;
            }

            // The wall clock the pacer stamps received_at with (as the clients measure against it), not a TimeProvider.
            var now = DateTime.UtcNow.Ticks;
            long oldest = 0;
            foreach (var ticks in _newestTicks)
            {
                if (ticks != 0 && now - ticks > oldest)
                {
                    oldest = now - ticks;
                }
            }

            _oldest.Record(TimeSpan.FromTicks(oldest));
            var backlog = ThreadPool.PendingWorkItemCount;

            // The histogram holds durations; a count is recorded as that many microseconds.
            _backlogMicros.Record(TimeSpan.FromMicroseconds(backlog));
            if (backlog > Interlocked.Read(ref _maxBacklog))
            {
                Interlocked.Exchange(ref _maxBacklog, backlog);
            }
        }
    }
}
