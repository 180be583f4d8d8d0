namespace Tickwatch.Market.Diagnostics.MarketData;

/// <summary>
/// A symbol's last venue trade in <c>symbol_analysis</c>: where the market last dealt, shown beside the quote and checked
/// against it, never a quote itself.
/// </summary>
/// <param name="Price">The traded price, exact.</param>
/// <param name="TradeId">The venue's trade id; an older one never replaces it.</param>
/// <param name="Feed">The feed that delivered it.</param>
/// <param name="SourceTime">When the venue says the trade was done.</param>
/// <param name="ReceivedAt">When the frame carrying it was read.</param>
/// <param name="AgeSeconds">Seconds since it was received.</param>
/// <param name="OutsideQuote">Whether it lies outside the fresh quote by more than <paramref name="Tolerance"/>.</param>
/// <param name="Tolerance">How far beyond bid and ask a trade may lie, as a fraction of the price.</param>
public sealed record LastTradeView(
    decimal Price,
    long TradeId,
    string Feed,
    DateTimeOffset? SourceTime,
    DateTimeOffset ReceivedAt,
    double AgeSeconds,
    bool OutsideQuote,
    decimal Tolerance);
