namespace Tickwatch.Core.Prices;

/// <summary>A trade a venue reported for a symbol: its last traded price, to show and to sanity-check quotes against, never a quote.</summary>
/// <remarks>
/// A venue's trade stream says where the market last dealt, not where it can be dealt now, so a print never moves a
/// bid or an ask: it travels beside the <see cref="PriceUpdate"/>s of its feed.
/// </remarks>
public readonly record struct TradePrint
{
    public required string Symbol { get; init; }

    /// <summary>The price the trade was done at, exact.</summary>
    public required decimal Price { get; init; }

    /// <summary>The venue's trade id (for an aggregate of trades, its last one); ascending per symbol.</summary>
    public long TradeId { get; init; }

    /// <summary>Name of the feed that delivered the print.</summary>
    public required string Feed { get; init; }

    /// <summary>Connection number of the feed, as for <see cref="PriceUpdate.FeedSession"/>.</summary>
    public long FeedSession { get; init; }

    /// <summary>Local time the frame carrying this print was read off the socket.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When the venue says the trade was done.</summary>
    public DateTimeOffset? SourceTime { get; init; }
}
