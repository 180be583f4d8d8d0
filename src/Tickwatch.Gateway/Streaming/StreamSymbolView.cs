using Tickwatch.Core.Prices;

namespace Tickwatch.Gateway.Streaming;

/// <summary>One streamed symbol in <c>/api/debug/streams</c>.</summary>
/// <param name="Subscribers">Clients subscribed.</param>
/// <param name="Sequence">Sequence of its latest price, if any.</param>
/// <param name="AgeMs">Age of that price.</param>
/// <param name="Freshness">Fresh, stale or missing.</param>
public sealed record StreamSymbolView(int Subscribers, long? Sequence, double? AgeMs, Freshness Freshness);
