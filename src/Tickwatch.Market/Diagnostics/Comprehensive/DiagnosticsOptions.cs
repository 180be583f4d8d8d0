namespace Tickwatch.Market.Diagnostics.Comprehensive;

/// <summary>How the comprehensive report and the diagnosis are gathered (section <c>Diagnostics</c>).</summary>
public sealed class DiagnosticsOptions
{
    public const string SectionName = "Diagnostics";

    /// <summary>Each section of <c>/api/debug/comprehensive</c> gets this long; one that takes longer is reported as <c>timed_out</c> and the others are returned.</summary>
    public TimeSpan SectionTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many warnings and errors the in-memory ring keeps.</summary>
    public int RecentErrorCapacity { get; set; } = 200;

    /// <summary>How many of them, newest first, <c>recent_errors.entries</c> shows.</summary>
    public int RecentErrorsShown { get; set; } = 50;
}
