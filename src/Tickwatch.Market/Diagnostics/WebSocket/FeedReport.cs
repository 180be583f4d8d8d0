namespace Tickwatch.Market.Diagnostics.WebSocket;

/// <summary>One feed in <c>/api/debug/websocket</c>, with the same sections as the totals.</summary>
public sealed record FeedReport(
    string Protocol,
    string Url,
    string State,
    long Session,
    DateTimeOffset? ConnectedSince,
    double? UptimeSeconds,
    double TotalConnectedSeconds,
    double NoDataTimeoutSeconds,
    double? NextReconnectDelayMs,
    ConnectionStatusSection ConnectionStatus,
    ConnectionHistorySection ConnectionHistory,
    FeedPerformanceSection PerformanceMetrics,
    ErrorAnalysisSection ErrorAnalysis);
