using System.Diagnostics;

namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>Measures the process's CPU use between readings: against a reading at least a second old, else since the process started.</summary>
/// <remarks>Readings come from whoever asks (the comprehensive report, the monitor); a minute of them is kept, so the window is recent without a timer.</remarks>
public sealed class ProcessCpuMeter
{
    private const int MaxSamples = 64;
    private static readonly TimeSpan MinWindow = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly Func<TimeSpan> _cpuTime;
    private readonly DateTimeOffset _processStartedAt;
    private readonly Lock _gate = new();
    private readonly Queue<(long At, TimeSpan Cpu)> _samples = new();

    public ProcessCpuMeter(TimeProvider time)
        : this(time, static () => Environment.CpuUsage.TotalTime, ProcessStart())
    {
    }

    /// <summary>For tests: a given CPU clock and start time.</summary>
    public ProcessCpuMeter(TimeProvider time, Func<TimeSpan> cpuTime, DateTimeOffset processStartedAt)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(cpuTime);
        _time = time;
        _cpuTime = cpuTime;
        _processStartedAt = processStartedAt;
    }

    /// <summary>When the process started.</summary>
    public DateTimeOffset ProcessStartedAt => _processStartedAt;

    public CpuUsage Read()
    {
        var now = _time.GetTimestamp();
        var cpu = _cpuTime();
        var processors = Math.Max(1, Environment.ProcessorCount);
        lock (_gate)
        {
            while (_samples.Count > 0 && (_time.GetElapsedTime(_samples.Peek().At, now) > MaxAge || _samples.Count >= MaxSamples))
            {
                _samples.Dequeue();
            }

            // The newest reading old enough to give a steady figure.
            (long At, TimeSpan Cpu)? reference = null;
            foreach (var sample in _samples)
            {
                if (_time.GetElapsedTime(sample.At, now) >= MinWindow)
                {
                    reference = sample;
                }
            }

            _samples.Enqueue((now, cpu));
            var (window, used) = reference is { } r
                ? (_time.GetElapsedTime(r.At, now), cpu - r.Cpu)
                : (_time.GetUtcNow() - _processStartedAt, cpu);
            var percent = window <= TimeSpan.Zero ? 0 : used.TotalSeconds / window.TotalSeconds / processors * 100;
            return new CpuUsage(Math.Round(Math.Clamp(percent, 0, 100), 1), Math.Round(window.TotalSeconds, 3), Math.Round(cpu.TotalSeconds, 3));
        }
    }

    private static DateTimeOffset ProcessStart()
    {
        using var process = Process.GetCurrentProcess();
        return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
    }
}
