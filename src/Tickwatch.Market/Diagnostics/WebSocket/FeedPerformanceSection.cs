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
    double? LastMessageAge)
{
    /// <summary>Venue trades delivered (Binance feeds): last traded prices, never quotes.</summary>
    public long TradesReceived { get; init; }

    /// <summary>A venue's control frames by kind (<c>subscription_result</c>, <c>subscription_error</c>, <c>server_shutdown</c>).</summary>
    public IReadOnlyDictionary<string, long> ControlFrames { get; init; } = new Dictionary<string, long>();
}
