namespace Tickwatch.Market.Dashboard;

/// <summary>How the dashboard's message-rate history is kept (section <c>Dashboard</c>).</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>How often each feed's message rate is sampled: one point of the chart.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How far back the chart reaches; a freshly opened page shows this much at once.</summary>
    public TimeSpan History { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Points kept per feed.</summary>
    public int Capacity => (int)Math.Max(1, History.Ticks / Math.Max(1, SampleInterval.Ticks));
}
