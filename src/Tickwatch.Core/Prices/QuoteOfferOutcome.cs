namespace Tickwatch.Core.Prices;

/// <summary>What a <see cref="CoalescingQuoteSlot"/> did with one offered quote.</summary>
public enum QuoteOfferOutcome
{
    /// <summary>Pending, and the symbol must be put in its consumer's ready queue.</summary>
    Enqueue,

    /// <summary>Pending; the symbol is already queued or being handled.</summary>
    Kept,

    /// <summary>Pending in place of an older pending quote, which is dropped (a conflation).</summary>
    Replaced,

    /// <summary>Dropped: not newer than what is pending, being handled or known handled (a conflation).</summary>
    Dropped,
}
