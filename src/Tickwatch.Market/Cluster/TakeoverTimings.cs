using System.Diagnostics.Metrics;
using Tickwatch.Market.Metrics;
using Tickwatch.Storage.Cluster;

namespace Tickwatch.Market.Cluster;

/// <summary>How long each takeover took from the lease's grant to its work running (seal and warm-up), as histogram <c>tickwatch.cluster.takeover.duration</c>.</summary>
public sealed class TakeoverTimings
{
    private readonly Histogram<double> _durations;

    public TakeoverTimings(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _durations = meterFactory.Create(MarketMetricNames.Meter).CreateHistogram<double>(
            ClusterMetricNames.TakeoverDuration,
            "s",
            "From a lease's grant to its work running (seal and warm-up of a feed).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });
    }

    public void Record(LeaseName lease, TimeSpan elapsed) =>
        _durations.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(ClusterMetricNames.LeaseTag, lease.ToString()));
}
