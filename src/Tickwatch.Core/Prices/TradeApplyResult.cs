namespace Tickwatch.Core.Prices;

/// <summary>Outcome of <c>PriceBook.ApplyTrade</c>; <see cref="OutsideQuote"/> when an accepted trade lay beyond the fresh quote by more than the symbol's tolerance.</summary>
public readonly record struct TradeApplyResult(TradeApplyOutcome Outcome, bool OutsideQuote = false);
