namespace Tickwatch.Market.Diagnostics.MarketData;

/// <summary>The last refused quote of a symbol.</summary>
public sealed record RejectionView(string Symbol, string Reason, string Feed, decimal? Bid, decimal? Ask, DateTimeOffset At);
