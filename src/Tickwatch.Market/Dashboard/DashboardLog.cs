using Microsoft.Extensions.Logging;

namespace Tickwatch.Market.Dashboard;

/// <summary>The dashboard's log lines, source-generated with stable event ids.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(EventId = 2500, EventName = "FeedRateSampleFailed", Level = LogLevel.Warning,
        Message = "⚠️ Dashboard: sampling the feeds' message rates and the trading counts failed; the charts miss this point")]
    public static partial void SampleFailed(ILogger logger, Exception exception);
}
