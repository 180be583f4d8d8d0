namespace Tickwatch.Core.Prices;

/// <summary>Why the book refused a quote.</summary>
public enum QuoteRejection
{
    None,

    /// <summary>Bid or ask zero or negative.</summary>
    NonPositive,

    /// <summary>Bid above ask.</summary>
    Crossed,

    /// <summary>Mid moved further than the symbol's <c>MaxJump</c> from the last accepted mid.</summary>
    Jump,

    /// <summary>The symbol is not in the catalogue.</summary>
    UnknownSymbol,

    /// <summary>Bid or ask near the limit of <see cref="decimal"/>: no price is that large, and arithmetic on it (bid + ask) would overflow.</summary>
    OutOfRange,
}
