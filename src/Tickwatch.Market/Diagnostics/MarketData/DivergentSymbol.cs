namespace Tickwatch.Market.Diagnostics.MarketData;

/// <summary>A symbol whose fresh feeds disagree by more than its tolerance, with each feed's mid.</summary>
public sealed record DivergentSymbol(
    string Symbol,
    decimal Divergence,
    decimal Tolerance,
    IReadOnlyDictionary<string, decimal?> FeedMids);
