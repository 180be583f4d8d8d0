namespace Tickwatch.Simulators.Tests.Support;

/// <summary>A <c>market_update</c> frame decoded by the test: sequence, source time and prices by symbol.</summary>
internal sealed record DecodedFrame(long? Sequence, DateTimeOffset? SourceTime, IReadOnlyDictionary<string, (decimal? Bid, decimal? Ask)> Prices);
