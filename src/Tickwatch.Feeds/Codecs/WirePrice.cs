namespace Tickwatch.Feeds.Codecs;

/// <summary>One symbol's price as a feed sends it: <c>buy</c> is the ask, <c>sell</c> the bid; null is an absent side.</summary>
public readonly record struct WirePrice(string Symbol, decimal? Bid, decimal? Ask);
