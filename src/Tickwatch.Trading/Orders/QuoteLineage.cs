using Tickwatch.Core.Prices;

namespace Tickwatch.Trading.Orders;

/// <summary>The quote an execution used, so any fill can be traced to the feed frame it came from.</summary>
/// <param name="Bid">The book's bid.</param>
/// <param name="Ask">The book's ask.</param>
/// <param name="BookSequence">The book's sequence of the quote.</param>
/// <param name="Feed">The feed whose update made it.</param>
/// <param name="SourceTime">The source's time stamp, when the feed sends one.</param>
/// <param name="ReceivedAt">When the quote was received.</param>
/// <param name="AgeMilliseconds">Its age when it was used.</param>
/// <param name="HalfSpread">The group's half spread added to the side executed at; null when none applied (a refused price) or unknown (an older record).</param>
public sealed record QuoteLineage(
    decimal Bid,
    decimal Ask,
    long BookSequence,
    string Feed,
    DateTimeOffset? SourceTime,
    DateTimeOffset ReceivedAt,
    long AgeMilliseconds,
    decimal? HalfSpread = null)
{
    public static QuoteLineage Of(Quote quote, DateTimeOffset usedAt, decimal? halfSpread)
    {
        ArgumentNullException.ThrowIfNull(quote);
        return new QuoteLineage(
            quote.Bid, quote.Ask, quote.BookSequence, quote.Feed, quote.SourceTime, quote.ReceivedAt, (long)(usedAt - quote.ReceivedAt).TotalMilliseconds, halfSpread);
    }
}
