namespace Tickwatch.Core.Trading;

/// <summary>Why the engine refused a request; every refusal names one, on the wire as <c>STALE_PRICE</c> and so on.</summary>
public enum RefusalReason
{
    /// <summary>Free margin does not cover the margin the order needs.</summary>
    InsufficientMargin,

    /// <summary>The symbol is outside its trading hours.</summary>
    MarketClosed,

    /// <summary>The book holds no live price younger than the symbol's execution age, or none at all.</summary>
    StalePrice,

    /// <summary>The price moved further from the one the client saw than the client allowed.</summary>
    Requote,

    /// <summary>Volume not positive, off the group's step, or outside its bounds.</summary>
    InvalidVolume,

    /// <summary>A pending, stop-loss or take-profit price that is not positive or on the wrong side of the market.</summary>
    InvalidPrice,

    /// <summary>The symbol is not traded in the account's group.</summary>
    UnknownSymbol,

    UnknownAccount,

    /// <summary>The account may not open (disabled or close-only).</summary>
    AccountDisabled,

    OrderNotFound,

    /// <summary>The order's status does not allow the request (e.g. closing a pending order).</summary>
    InvalidState,

    /// <summary>The request was malformed (missing field, unknown type).</summary>
    InvalidRequest,

    /// <summary>The idempotency key was used before with a different request.</summary>
    IdempotencyConflict,

    /// <summary>The account's route is the liquidity provider and no provider link is connected.</summary>
    ProviderUnavailable,

    /// <summary>Another change of the account won the race too many times in a row; the client may retry.</summary>
    Busy,

    /// <summary>A stop-out's close carried a fence token that no longer holds the account's stop-out lock (its holder lost it).</summary>
    StaleFence,

    /// <summary>The trading store did not answer (unreachable, or a Redis master failing over); the client may retry with the same key.</summary>
    StoreUnavailable,
}
