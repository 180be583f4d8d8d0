using System.ComponentModel.DataAnnotations;

namespace Tickwatch.Trading.Triggers;

/// <summary>The <c>Triggers</c> section: how often the service re-reads the group terms it prices triggers with, how it retries, what it keeps for operators.</summary>
public sealed class TriggerOptions
{
    public const string Section = "Triggers";

    /// <summary>How old the service's copy of a group's terms (its half spread) may get before it is read again; a spread change reaches the triggers within it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan TermsRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Wait after a failed index write or a failed firing round (the store unreachable) before trying again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Window of the trigger latency percentiles (quote received to fill or close committed).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LatencyWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Firings kept, newest first, for <c>/api/debug/trading</c>.</summary>
    [Range(1, 10_000)]
    public int LastFiringsKept { get; set; } = 50;
}
