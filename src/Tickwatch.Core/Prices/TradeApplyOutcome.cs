namespace Tickwatch.Core.Prices;

/// <summary>What <c>PriceBook.ApplyTrade</c> did with a venue's trade.</summary>
public enum TradeApplyOutcome
{
    /// <summary>It is the symbol's last trade now.</summary>
    Accepted,

    /// <summary>Its trade id is not above the last trade's: an older (or the same) print never replaces a newer one.</summary>
    Older,

    /// <summary>The registry does not know the symbol.</summary>
    UnknownSymbol,

    /// <summary>Its price is not positive, or beyond any price.</summary>
    InvalidPrice,
}
