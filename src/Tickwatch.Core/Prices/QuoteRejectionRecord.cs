namespace Tickwatch.Core.Prices;

/// <summary>The most recent refused update of a symbol, kept for the consistency report.</summary>
public sealed record QuoteRejectionRecord(QuoteRejection Reason, string Feed, decimal? Bid, decimal? Ask, DateTimeOffset At);
