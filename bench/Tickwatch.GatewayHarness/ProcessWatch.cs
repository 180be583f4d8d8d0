using Tickwatch.BenchSupport;

namespace Tickwatch.GatewayHarness;

/// <summary>
/// The CPU and resident set of every process of the path over one step: resident sets sampled from its start, CPU counted
/// from <see cref="StartWindow"/> to <see cref="EndWindow"/>. Roles starting with <c>redis</c> are also summed.
/// </summary>
internal sealed class ProcessWatch : IAsyncDisposable
{
    private const double MiB = 1024 * 1024;
    private readonly IReadOnlyList<WatchedProcess> _processes;
    private readonly ResidentSampler[] _resident;
    private TimeSpan?[] _cpuBefore = [];

    public ProcessWatch(IReadOnlyList<WatchedProcess> processes)
    {
        _processes = processes;
        _resident = [.. processes.Select(p => new ResidentSampler(p.Pid))];
    }

    public void StartWindow() => _cpuBefore = [.. _processes.Select(p => ProcFiles.ProcessCpu(p.Pid))];

    /// <summary>Each process's figures over a window of <paramref name="seconds"/>, then the Redis nodes' sum.</summary>
    public List<ProcessFigures> EndWindow(double seconds)
    {
        var figures = _processes.Select((p, i) =>
        {
            var cpu = ProcFiles.ProcessCpu(p.Pid) - _cpuBefore[i];
            var end = _resident[i].CurrentBytes;

            // The sampler looks every 200 ms; the reading at the end may be higher than any it took.
            var peak = Math.Max(_resident[i].PeakBytes, end ?? 0);
            return new ProcessFigures(p.Role, p.Pid, CpuAffinity.AllowedList(p.Pid), cpu?.TotalSeconds / seconds, end / MiB, peak / MiB);
        }).ToList();
        var redis = figures.Where(f => f.Role.StartsWith("redis", StringComparison.Ordinal)).ToList();
        if (redis.Count > 0)
        {
            figures.Add(new ProcessFigures("redis (sum)", null, null, redis.Sum(f => f.Cores), redis.Sum(f => f.RssEndMiB), redis.Sum(f => f.RssPeakMiB)));
        }

        return figures;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var sampler in _resident)
        {
            await sampler.DisposeAsync();
        }
    }
}
