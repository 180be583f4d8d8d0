using Tickwatch.BenchSupport;

namespace Tickwatch.SoakHarness;

/// <summary>A process's resident set and CPU sampled through the run, and its RSS growth after warm-up as a least-squares slope.</summary>
internal sealed class ResourceSeries(string name, int pid)
{
    private readonly List<(double Seconds, long Rss)> _rss = [];
    private TimeSpan? _firstCpu;
    private TimeSpan? _lastCpu;
    private double _firstCpuAt;
    private double _lastCpuAt;

    public string Name => name;

    public int Pid => pid;

    public int Samples => _rss.Count;

    public void Sample(double seconds)
    {
        if (ProcFiles.ResidentBytes(pid) is { } rss)
        {
            _rss.Add((seconds, rss));
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
        var after = _rss.Where(s => s.Seconds >= warmUpSeconds).ToList();
        var atWarmUp = after.Count > 0 ? after[0].Rss : (long?)null;
        var atEnd = _rss.Count > 0 ? _rss[^1].Rss : (long?)null;
        double? slopePerHour = null;
        if (after.Count >= 3 && atWarmUp is > 0)
        {
            // Least squares of RSS on time, in bytes per hour, as a share of the RSS at warm-up.
            var meanT = after.Average(s => s.Seconds);
            var meanR = after.Average(s => (double)s.Rss);
            var sxy = after.Sum(s => (s.Seconds - meanT) * (s.Rss - meanR));
            var sxx = after.Sum(s => (s.Seconds - meanT) * (s.Seconds - meanT));
            slopePerHour = sxx > 0 ? sxy / sxx * 3600 / atWarmUp.Value * 100 : null;
        }

        var cpuSeconds = _firstCpu is { } first && _lastCpu is { } last ? (last - first).TotalSeconds : (double?)null;
        var window = _lastCpuAt - _firstCpuAt;
        return new ProcessFigures(
            name,
            pid,
            atWarmUp / 1048576.0,
            atEnd / 1048576.0,
            _rss.Count > 0 ? _rss.Max(s => s.Rss) / 1048576.0 : null,
            slopePerHour,
            after.Count,
            cpuSeconds,
            cpuSeconds is { } c && window > 0 ? c / window : null);
    }
}
