namespace Tickwatch.Gateway.Streaming;

/// <summary>
/// How loaded the gateway is, as adaptive pacing sees it: a factor from 0 (idle: prices go at once) to 1 (busy: messages
/// are spaced <see cref="StreamOptions.MaxBatchDelay"/> apart), from the process's CPU and the thread pool's backlog,
/// sampled every <see cref="SampleInterval"/>.
/// </summary>
/// <remarks>
/// The factor follows the busier of the two: CPU from <see cref="CpuIdle"/> to <see cref="CpuBusy"/> of the machine's
/// cores, and work items waiting for a pool thread from <see cref="BacklogIdlePerCore"/> to <see cref="BacklogBusyPerCore"/>
/// per core. A work item of the stream costs tens of microseconds, so ten waiting per core delay a message by a few
/// tenths of a millisecond (no load), and eighty by about the shortest gap (fully loaded); counting the few items a
/// quiet gateway always has waiting spaced every client's messages on the cluster harness. It rises
/// faster than it falls, so a burst spaces messages at once and a lull does not make every client send at once.
/// </remarks>
public sealed class StreamLoad : IDisposable
{
    /// <summary>How often the load is sampled.</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Share of the machine's cores the gateway may use before messages start to be spaced out.</summary>
    public const double CpuIdle = 0.3;

    /// <summary>Share of the machine's cores at which messages are spaced as far as <see cref="StreamOptions.MaxBatchDelay"/>.</summary>
    public const double CpuBusy = 0.8;

    /// <summary>Thread-pool work items waiting, per core, that still count as no load.</summary>
    public const int BacklogIdlePerCore = 10;

    /// <summary>Thread-pool work items waiting, per core, at which messages are spaced as far as they go.</summary>
    public const int BacklogBusyPerCore = 80;

    private const double Rise = 0.5;
    private const double Fall = 0.15;

    private readonly TimeProvider _time;
    private readonly int _cores;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private long _sampledAt;
    private TimeSpan _cpuAt;
    private double _factor;
    private double _cpuShare;
    private long _backlog;

    public StreamLoad(TimeProvider time, int cores)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        _time = time;
        _cores = cores;
    }

    /// <summary>From 0 (idle) to 1 (busy), smoothed.</summary>
    public double Factor => Volatile.Read(ref _factor);

    /// <summary>Share of the machine's cores the process used over the last sample.</summary>
    public double CpuShare => Volatile.Read(ref _cpuShare);

    /// <summary>Thread-pool work items waiting at the last sample.</summary>
    public long ThreadPoolBacklog => Volatile.Read(ref _backlog);

    /// <summary>Starts sampling this process (one timer; nothing to do between samples).</summary>
    public void Start()
    {
        Observe(Environment.CpuUsage.TotalTime, ThreadPool.PendingWorkItemCount);
        _timer = _time.CreateTimer(
            static self => ((StreamLoad)self!).Observe(Environment.CpuUsage.TotalTime, ThreadPool.PendingWorkItemCount), this, SampleInterval, SampleInterval);
    }

    /// <summary>One sample: the process's CPU time so far and the work items waiting now.</summary>
    public void Observe(TimeSpan cpuTotal, long backlog)
    {
        var now = _time.GetTimestamp();
        lock (_gate)
        {
            // The first sample is only where the next one starts from.
            if (_sampledAt == 0)
            {
                _sampledAt = now;
                _cpuAt = cpuTotal;
                return;
            }

            var elapsed = _time.GetElapsedTime(_sampledAt, now);
            if (elapsed <= TimeSpan.Zero)
            {
                return;
            }

            var cpuShare = Math.Max(0, (cpuTotal - _cpuAt).TotalSeconds / (elapsed.TotalSeconds * _cores));
            _sampledAt = now;
            _cpuAt = cpuTotal;

            // More CPU than the cores have means the clock is not the process's (a test's fake one): the share says nothing.
            var cpuFactor = cpuShare > 1 ? 0 : Clamp((cpuShare - CpuIdle) / (CpuBusy - CpuIdle));
            var backlogFactor = Clamp((backlog - (BacklogIdlePerCore * _cores)) / (double)((BacklogBusyPerCore - BacklogIdlePerCore) * _cores));
            var raw = Math.Max(cpuFactor, backlogFactor);
            var factor = _factor + ((raw - _factor) * (raw > _factor ? Rise : Fall));
            Volatile.Write(ref _cpuShare, cpuShare);
            Volatile.Write(ref _backlog, backlog);
            Volatile.Write(ref _factor, factor < 0.001 ? 0 : factor);
        }
    }

    public void Dispose() => _timer?.Dispose();

    private static double Clamp(double value) => Math.Clamp(value, 0, 1);
}
