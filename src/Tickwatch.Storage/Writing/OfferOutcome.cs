namespace Tickwatch.Storage.Writing;

/// <summary>What the store writer did with one offered quote.</summary>
internal enum OfferOutcome
{
    /// <summary>Pending, and the symbol must be put in the ready queue.</summary>
    Enqueue,

    /// <summary>Pending; the symbol is already queued or being written.</summary>
    Kept,

    /// <summary>Pending in place of an older pending quote, which is dropped (coalesced).</summary>
    Replaced,

    /// <summary>Dropped: not newer than what is pending, in flight or known stored (coalesced).</summary>
    Dropped,
}
