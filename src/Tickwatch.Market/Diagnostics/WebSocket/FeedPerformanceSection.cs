namespace Tickwatch.Market.Diagnostics.WebSocket;

/// <summary>Message flow; <c>parse_error_rate</c> is a percentage, <c>last_message_age</c> seconds (the oldest feed's, in totals).</summary>
public sealed record FeedPerformanceSection(
    long MessagesReceived,
    long UpdatesReceived,
    long BytesReceived,
    double MessagesPerSecond,
    double UpdatesPerSecond,
    long ParseErrors,
    double ParseErrorRate,
    double? LastMessageAge);
