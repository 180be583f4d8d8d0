namespace Tickwatch.Market.Startup;

/// <summary>How start-up prerequisites are checked (section <c>Startup</c>); whether to start degraded is <c>Market:StartDegraded</c>.</summary>
public sealed class StartupOptions
{
    public const string SectionName = "Startup";

    /// <summary>A prerequisite check that takes longer than this fails.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>When started degraded, how often the failed critical checks are repeated.</summary>
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The memory check fails (without stopping start-up) at or above this share of memory in use, in percent.</summary>
    public double MaxMemoryUsagePercent { get; set; } = 90;
}
