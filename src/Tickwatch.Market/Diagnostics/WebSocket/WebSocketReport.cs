namespace Tickwatch.Market.Diagnostics.WebSocket;

/// <summary>The body of <c>GET /api/debug/websocket</c>: totals over all feeds, then the same figures per feed.</summary>
public sealed record WebSocketReport(
    DateTimeOffset Timestamp,
    ConnectionStatusSection ConnectionStatus,
    ConnectionHistorySection ConnectionHistory,
    FeedPerformanceSection PerformanceMetrics,
    ErrorAnalysisSection ErrorAnalysis,
    IReadOnlyDictionary<string, FeedReport> Feeds);
