namespace Tickwatch.Simulators.QuoteHub;

/// <summary>A validated fault request, resolved against the hub's feeds.</summary>
/// <param name="Kind">What the fault does.</param>
/// <param name="FeedIndex">Index of the feed, or -1 for every feed.</param>
/// <param name="Feed">Name of the feed, or null for every feed.</param>
/// <param name="Symbol">The symbol, or null for all (or none).</param>
/// <param name="Duration">How long it lasts; null for until cleared.</param>
/// <param name="Count">Frames per feed for counted kinds; null otherwise.</param>
/// <param name="Factor">Multiplier of a spike.</param>
/// <param name="Offset">Fraction of a divergence.</param>
internal sealed record FaultSpec(
    FaultKind Kind,
    int FeedIndex,
    string? Feed,
    string? Symbol,
    TimeSpan? Duration,
    int? Count,
    decimal? Factor,
    decimal? Offset);
