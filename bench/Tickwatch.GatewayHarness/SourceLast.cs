namespace Tickwatch.GatewayHarness;

/// <summary>The source's newest price of one symbol when the feed stopped: what every subscriber must end on.</summary>
internal sealed record SourceLast(string Symbol, long Sequence, decimal Bid, decimal Ask);
