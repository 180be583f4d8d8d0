namespace Tickwatch.Market.Forensics.Timeline;

/// <summary>A feed's last price of a symbol at an instant, with its age then and whether it was within the symbol's <c>MaxQuoteAge</c>.</summary>
public sealed record FeedPriceView(decimal Bid, decimal Ask, DateTimeOffset ReceivedAt, double AgeSeconds, bool Fresh);
