namespace Tickwatch.Core.Prices;

/// <summary>Why a partial update did not make a quote.</summary>
public enum IncompleteReason
{
    None,

    /// <summary>The feed has not sent the other side in this session yet.</summary>
    NoOtherSide,

    /// <summary>The feed's other side is older than the symbol's <c>MaxQuoteAge</c> or from an earlier session: it is not completed with it.</summary>
    StaleOtherSide,
}
