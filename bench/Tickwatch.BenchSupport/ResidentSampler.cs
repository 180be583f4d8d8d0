using System.Diagnostics;

namespace Tickwatch.BenchSupport;

/// <summary>Samples a process's resident set (VmRSS) every 200 ms: its peak over the whole run and the samples of the measured window.</summary>
public sealed class ResidentSampler : IAsyncDisposable
{
    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private readonly List<long> _window = [];
    private long _peak;
    private volatile bool _inWindow;

    public ResidentSampler(int pid)
    {
        _pid = pid;
        _sampling = Task.Run(SampleAsync);
    }

    public long PeakBytes => Interlocked.Read(ref _peak);

    public long? CurrentBytes => ProcFiles.ResidentBytes(_pid);

    public void StartWindow() => _inWindow = true;

    public void EndWindow() => _inWindow = false;

    /// <summary>Mean and largest sample of the measured window, in bytes.</summary>
    public (double Mean, long Max) Window()
    {
        lock (_window)
        {
            return _window.Count == 0 ? (double.NaN, 0) : (_window.Average(), _window.Max());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        try
        {
            do
            {
                if (ProcFiles.ResidentBytes(_pid) is not { } bytes)
                {
                    continue;
                }

                if (bytes > Interlocked.Read(ref _peak))
                {
                    Interlocked.Exchange(ref _peak, bytes);
                }

                if (_inWindow)
                {
                    lock (_window)
                    {
                        _window.Add(bytes);
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            Debug.WriteLine("sampling stopped");
        }
    }
}
