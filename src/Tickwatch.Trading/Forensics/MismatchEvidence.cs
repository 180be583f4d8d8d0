using Tickwatch.Core.Trading;
using Tickwatch.Trading.Orders;

namespace Tickwatch.Trading.Forensics;

/// <summary>Everything known about one decision: what the engine did and on which quote, and what the user was shown.</summary>
public sealed record MismatchEvidence
{
    public required string Symbol { get; init; }

    public required TradeSide Side { get; init; }

    /// <summary>When the engine executed or refused.</summary>
    public required DateTimeOffset DecidedAt { get; init; }

    /// <summary>The symbol's pip (the group's <c>spread_pip</c>), the unit of every difference stated.</summary>
    public required decimal Pip { get; init; }

    /// <summary>The price executed at; null for a refusal.</summary>
    public decimal? ExecutedPrice { get; init; }

    /// <summary>The quote executed at, or refused (too old, or requoted from).</summary>
    public QuoteLineage? Quote { get; init; }

    /// <summary>The group's half spread at the decision (the lineage's, else the terms').</summary>
    public decimal HalfSpread { get; init; }

    /// <summary>What the client sent with the order; null when it sent nothing.</summary>
    public ClientQuote? Client { get; init; }

    /// <summary>The refusal's wire reason; null for an execution.</summary>
    public string? RefusalReason { get; init; }

    /// <summary>For a requote: the price the order would have executed at.</summary>
    public decimal? ExecutablePrice { get; init; }

    /// <summary>The execution age limit of the symbol, for a stale refusal's sentence.</summary>
    public TimeSpan? MaxQuoteAge { get; init; }

    /// <summary>What the user was shown of the symbol before the decision, oldest first.</summary>
    public IReadOnlyList<ShownPrice> Shown { get; init; } = [];

    /// <summary>Each feed's last price of the symbol at the decision.</summary>
    public IReadOnlyList<FeedPrice> Feeds { get; init; } = [];
}
