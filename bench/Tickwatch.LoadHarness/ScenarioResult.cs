namespace Tickwatch.LoadHarness;

/// <summary>The figures of one scenario and protocol selection over its measurement window.</summary>
internal sealed record ScenarioResult
{
    public required string Scenario { get; init; }

    public required string Protocols { get; init; }

    /// <summary>One sentence saying what the headline figure is.</summary>
    public required string Measures { get; init; }

    public required string Source { get; init; }

    public required string Consumer { get; init; }

    public required double Seconds { get; init; }

    /// <summary>Price updates delivered into the book (or, for the hub ceiling, produced by the hub) in the window.</summary>
    public required long Updates { get; init; }

    public required double UpdatesPerSecond { get; init; }

    public required double FramesPerSecond { get; init; }

    public required IReadOnlyList<FeedRate> PerFeed { get; init; }

    /// <summary>What the source wrote per second over the same window.</summary>
    public double? SourceUpdatesPerSecond { get; init; }

    /// <summary>Updates the book accepted per second.</summary>
    public double? BookAcceptedPerSecond { get; init; }

    /// <summary>Slowest and fastest whole second of the window.</summary>
    public double? SlowestSecond { get; init; }

    public double? FastestSecond { get; init; }

    public required double CpuSeconds { get; init; }

    /// <summary>Process CPU over wall time: 1.0 is one core busy.</summary>
    public required double CpuCores { get; init; }

    /// <summary>CPU other processes on the machine used during the window, in cores; the figures are suspect when it is well above 0.</summary>
    public double? OtherProcessesCores { get; init; }

    /// <summary>CPU of the replay server's writer threads, already included in <see cref="CpuSeconds"/>.</summary>
    public double? SourceCpuSeconds { get; init; }

    /// <summary>Process CPU, less the replay writers where known, per update delivered.</summary>
    public required double CpuNanosecondsPerUpdate { get; init; }

    public required double AllocatedBytesPerUpdate { get; init; }

    public required int Gen0Collections { get; init; }

    public required int Gen1Collections { get; init; }

    public required int Gen2Collections { get; init; }

    public required double GcPauseMilliseconds { get; init; }

    public required double WorkingSetMegabytes { get; init; }

    public required double PeakWorkingSetMegabytes { get; init; }

    public Verification? Verification { get; init; }

    public IReadOnlyList<StageCost>? Stages { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];
}
