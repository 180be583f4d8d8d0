namespace Tickwatch.Market.Health;

/// <summary>The health monitor and the readiness check (section <c>Health</c>).</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>How often the health monitor checks the store and market-data freshness and logs the 💊 line.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A store that does not answer a probe within this is treated as not responding.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary><c>/health/ready</c> needs at least this fraction of the symbols fresh (0–1).</summary>
    public double MinFreshFraction { get; set; } = 0.8;
}
