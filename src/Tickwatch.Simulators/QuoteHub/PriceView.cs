namespace Tickwatch.Simulators.QuoteHub;

/// <summary>A symbol's price as the hub set or holds it; a null side was not part of the update.</summary>
public sealed record PriceView(string Symbol, decimal? Bid, decimal? Ask);
