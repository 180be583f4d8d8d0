using Tickwatch.BenchSupport;

namespace Tickwatch.SoakHarness;

/// <summary>
/// A process's memory and CPU sampled through the run, and its growth after warm-up as least-squares slopes: of the
/// resident set (the target), and beside it of its anonymous part and of the collector's committed memory and live
/// heap, which say whether growth is managed or native.
/// </summary>
internal sealed class ResourceSeries(string name, int pid, Uri metrics)
{
    private const double MiB = 1048576.0;
    private readonly List<MemorySample> _samples = [];
    private TimeSpan? _firstCpu;
    private TimeSpan? _lastCpu;
    private double _firstCpuAt;
    private double _lastCpuAt;

    public string Name => name;

    public int Pid => pid;

    public int Samples => _samples.Count;

    /// <summary>Scrapes of <c>/metrics</c> that failed (the process busy or gone); their samples have no collector figures.</summary>
    public int ScrapeErrors { get; private set; }

    public async Task SampleAsync(HttpClient http, double seconds)
    {
        if (ProcFiles.ResidentBytes(pid) is { } rss)
        {
            var (committed, heap, jit) = await ScrapeAsync(http);
            _samples.Add(new MemorySample(seconds, rss, ProcFiles.AnonymousResidentBytes(pid), committed, heap, jit, ProcFiles.Threads(pid)));
        }

        if (ProcFiles.ProcessCpu(pid) is { } cpu)
        {
            if (_firstCpu is null)
            {
                (_firstCpu, _firstCpuAt) = (cpu, seconds);
            }

            (_lastCpu, _lastCpuAt) = (cpu, seconds);
        }
    }

    public ProcessFigures Figures(double warmUpSeconds)
    {
        var after = _samples.Where(s => s.Seconds >= warmUpSeconds).ToList();
        var atWarmUp = after.Count > 0 ? after[0] : null;
        var atEnd = _samples.Count > 0 ? _samples[^1] : null;
        var rssSlope = SlopePerHour(after, s => s.Rss);
        var cpuSeconds = _firstCpu is { } first && _lastCpu is { } last ? (last - first).TotalSeconds : (double?)null;
        var window = _lastCpuAt - _firstCpuAt;
        return new ProcessFigures(
            name,
            pid,
            atWarmUp?.Rss / MiB,
            atEnd?.Rss / MiB,
            _samples.Count > 0 ? _samples.Max(s => s.Rss) / MiB : null,
            rssSlope is { } r && atWarmUp is { Rss: > 0 } ? r / atWarmUp.Rss * 100 : null,
            after.Count,
            cpuSeconds,
            cpuSeconds is { } c && window > 0 ? c / window : null,
            new MemoryGrowth(
                rssSlope / MiB,
                SlopePerHour(after, s => s.RssAnon) / MiB,
                SlopePerHour(after, s => s.GcCommitted) / MiB,
                SlopePerHour(after, s => s.GcHeap) / MiB,
                SlopePerHour(after, s => s.JitMethods),
                atWarmUp?.GcCommitted / MiB,
                atEnd?.GcCommitted / MiB,
                atWarmUp?.GcHeap / MiB,
                atEnd?.GcHeap / MiB,
                atWarmUp?.Threads,
                atEnd?.Threads,
                ScrapeErrors));
    }

    /// <summary>Least squares of <paramref name="value"/> on time, in bytes per hour, over the samples that have it.</summary>
    private static double? SlopePerHour(IReadOnlyList<MemorySample> samples, Func<MemorySample, long?> value)
    {
        var points = samples.Where(s => value(s) is not null).Select(s => (T: s.Seconds, V: (double)value(s)!.Value)).ToList();
        if (points.Count < 3)
        {
            return null;
        }

        var meanT = points.Average(p => p.T);
        var meanV = points.Average(p => p.V);
        var sxy = points.Sum(p => (p.T - meanT) * (p.V - meanV));
        var sxx = points.Sum(p => (p.T - meanT) * (p.T - meanT));
        return sxx > 0 ? sxy / sxx * 3600 : null;
    }

    private async Task<(long? Committed, long? Heap, long? JitMethods)> ScrapeAsync(HttpClient http)
    {
        try
        {
            return RuntimeMemory.Parse(await http.GetStringAsync(metrics));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            ScrapeErrors++;
            return (null, null, null);
        }
    }
}
