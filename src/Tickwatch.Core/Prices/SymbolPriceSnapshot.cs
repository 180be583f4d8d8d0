using Tickwatch.Core.Symbols;

namespace Tickwatch.Core.Prices;

/// <summary>Everything the book knows about one symbol at one instant.</summary>
public sealed record SymbolPriceSnapshot
{
    public required SymbolSettings Settings { get; init; }

    public string Symbol => Settings.Symbol;

    /// <summary>The book's current quote, null when no complete quote was ever accepted.</summary>
    public Quote? Quote { get; init; }

    public required Freshness Freshness { get; init; }

    /// <summary>Age of <see cref="Quote"/> at the snapshot time.</summary>
    public TimeSpan? Age { get; init; }

    /// <summary>The last accepted price of each feed.</summary>
    public required IReadOnlyList<FeedQuoteState> Feeds { get; init; }

    /// <summary>Largest relative difference between the mids of the feeds that are fresh, or null with fewer than two.</summary>
    public decimal? FeedDivergence { get; init; }

    /// <summary>True when <see cref="FeedDivergence"/> exceeds the symbol's <c>MaxFeedDivergence</c>.</summary>
    public bool IsDivergent { get; init; }

    public long Accepted { get; init; }

    public long Duplicates { get; init; }

    public long OutOfOrder { get; init; }

    /// <summary>Times a feed's sequence went back further than 1,000 within a session: taken as the source counting again (or recovering from a poisoned number), not as late frames.</summary>
    public long SequenceRestarts { get; init; }

    /// <summary>Valid updates not newer than the quote the book already showed (see <see cref="PriceApplyOutcome.Superseded"/>).</summary>
    public long Superseded { get; init; }

    /// <summary>Partial updates that waited for a full quote because the feed's other side was too old or from an earlier session.</summary>
    public long IncompleteStaleSide { get; init; }

    /// <summary>Refused updates by reason (index = <see cref="QuoteRejection"/>).</summary>
    public required IReadOnlyList<long> Rejected { get; init; }

    public QuoteRejectionRecord? LastRejection { get; init; }

    /// <summary>The venue's last trade of the symbol (highest trade id seen), or null; never a quote.</summary>
    public TradePrint? LastTrade { get; init; }

    /// <summary>Whether <see cref="LastTrade"/> lies outside the fresh quote, beyond the symbol's <c>TradeTolerance</c>, at the snapshot time.</summary>
    public bool LastTradeOutsideQuote { get; init; }

    /// <summary>Trades that arrived outside the fresh quote beyond the tolerance, by the feed that delivered them.</summary>
    public IReadOnlyDictionary<string, long> TradesOutsideQuote { get; init; } = new Dictionary<string, long>(StringComparer.Ordinal);
}
