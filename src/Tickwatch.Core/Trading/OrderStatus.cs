namespace Tickwatch.Core.Trading;

/// <summary>The reference's order statuses, written to the store by their wire names (<see cref="TradingWire"/>).</summary>
public enum OrderStatus
{
    /// <summary>Sent to the provider, not yet filled.</summary>
    Queued,

    Open,

    /// <summary>Resting until the market crosses its price.</summary>
    Pending,

    /// <summary>A pending order sent to the provider, not yet acknowledged.</summary>
    PendingQueued,

    /// <summary>A cancel of a provider-resting order sent, not yet confirmed.</summary>
    PendingCancel,

    /// <summary>A modify sent to the provider, not yet confirmed.</summary>
    Modify,

    Cancelled,
    Rejected,
    Closed,

    /// <summary>Closed by its stop-loss.</summary>
    StopLoss,

    /// <summary>Closed by its take-profit.</summary>
    TakeProfit,
}
