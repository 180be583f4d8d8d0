namespace Tickwatch.Trading.ProviderLink;

/// <summary>The <c>ord_status</c> of an execution report: what the provider did with a request.</summary>
public enum ProviderOrderStatus
{
    /// <summary>Filled (or closed) at <c>avgpx</c> for <c>cumqty</c>.</summary>
    Executed,

    /// <summary>Resting at the provider until the market crosses its price.</summary>
    Pending,

    /// <summary>Refused; <c>reason</c> says why.</summary>
    Rejected,

    /// <summary>A resting order was cancelled.</summary>
    Cancelled,

    /// <summary>A resting order's price or volume was changed.</summary>
    Modify,
}
