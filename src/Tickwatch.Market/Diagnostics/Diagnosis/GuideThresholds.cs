namespace Tickwatch.Market.Diagnostics.Diagnosis;

/// <summary>The operators' guide's thresholds, each where the guide states it; the diagnosis and <c>tickwatch monitor</c> judge by these.</summary>
public static class GuideThresholds
{
    /// <summary>Step 1 (<c>"freshness_rate": &lt; 50</c>) and the monitoring script's "Stale market data!" alert.</summary>
    public const double FreshnessRateCritical = 50;

    /// <summary>Key Metrics: <c>freshness_rate</c> should be &gt; 80 %.</summary>
    public const double FreshnessRateHealthy = 80;

    /// <summary>Key Metrics: <c>stale_symbols</c> should be &lt; 2.</summary>
    public const int StaleSymbolsHealthy = 2;

    /// <summary>Step 3: <c>"parse_error_rate" &gt; 10%</c> means the message format changed.</summary>
    public const double ParseErrorRateCritical = 10;

    /// <summary>Performance Degradation Indicators: parse error rate &gt; 5 %.</summary>
    public const double ParseErrorRateDegraded = 5;

    /// <summary>Step 3: <c>"success_rate" &lt; 80%</c> means frequent disconnections.</summary>
    public const double SuccessRateCritical = 80;

    /// <summary>Key Metrics and Degradation Indicators: connection <c>success_rate</c> should be &gt; 95 %.</summary>
    public const double SuccessRateHealthy = 95;

    /// <summary>Step 3: <c>"connection_failures" &gt; 5</c> means WebSocket server issues.</summary>
    public const double ConnectionFailuresCritical = 5;

    /// <summary>Key Metrics: <c>connection_failures</c> should be &lt; 5/hour.</summary>
    public const double ConnectionFailuresPerHourHealthy = 5;

    /// <summary>Key Metrics: <c>last_message_age</c> should be &lt; 30 seconds.</summary>
    public const double LastMessageAgeHealthySeconds = 30;

    /// <summary>Key Metrics: <c>ping_time_ms</c> should be &lt; 100 ms.</summary>
    public const double PingTimeHealthyMs = 100;

    /// <summary>Performance Degradation Indicators: Redis ping time &gt; 50 ms.</summary>
    public const double PingTimeDegradedMs = 50;

    /// <summary>Key Metrics: memory usage &lt; 80 %.</summary>
    public const double MemoryUsedPercentHealthy = 80;

    /// <summary>Performance Degradation Indicators: memory usage &gt; 1 GB (of this process).</summary>
    public const double ProcessMemoryDegradedMb = 1024;

    /// <summary>Key Metrics: CPU usage &lt; 70 %.</summary>
    public const double CpuPercentHealthy = 70;

    /// <summary>Performance Degradation Indicators: CPU usage &gt; 80 %.</summary>
    public const double CpuPercentDegraded = 80;

    /// <summary>Not the guide's: a parse error rate over fewer messages than this is not judged (one bad frame of three is not a format change).</summary>
    public const long MinMessagesForParseErrorRate = 20;

    /// <summary>Not the guide's: a success rate over fewer connection attempts than this is not judged (one refused attempt at start-up is not "frequent").</summary>
    public const long MinAttemptsForSuccessRate = 5;

    /// <summary>Not the guide's: errors logged within this many minutes count as recent.</summary>
    public const double RecentErrorMinutes = 5;
}
