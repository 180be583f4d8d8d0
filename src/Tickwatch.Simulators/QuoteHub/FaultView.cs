namespace Tickwatch.Simulators.QuoteHub;

/// <summary>A fault as the control API shows it, with what is left of it.</summary>
/// <param name="Id">Identifier for <c>DELETE /control/faults/{id}</c>.</param>
/// <param name="Kind">Wire name of the kind, e.g. <c>out_of_order</c>.</param>
/// <param name="Feed">The feed, or null for every feed.</param>
/// <param name="Symbol">The symbol, or null for every symbol (or when the kind has none).</param>
/// <param name="DurationMs">The requested duration, or null for until cleared.</param>
/// <param name="Count">The requested number of frames of a counted kind.</param>
/// <param name="Factor">Multiplier of a spike.</param>
/// <param name="Offset">Fraction of a divergence.</param>
/// <param name="CreatedAt">When it was injected, on the hub's clock.</param>
/// <param name="ExpiresAt">When its duration runs out, on the hub's clock.</param>
/// <param name="RemainingMs">Time left when the fault has a duration.</param>
/// <param name="RemainingCount">Frames left for counted kinds (the largest over the feeds it covers).</param>
/// <param name="Active">False once it has expired, been cleared or (a drop without duration) done its work.</param>
public sealed record FaultView(
    long Id,
    string Kind,
    string? Feed,
    string? Symbol,
    long? DurationMs,
    int? Count,
    decimal? Factor,
    decimal? Offset,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    long? RemainingMs,
    int? RemainingCount,
    bool Active);
