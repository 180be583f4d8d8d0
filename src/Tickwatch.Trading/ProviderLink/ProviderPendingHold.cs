namespace Tickwatch.Trading.ProviderLink;

/// <summary>A resting provider order the pending monitor cannot decide on, why, and since when (one entry per order while it lasts).</summary>
/// <param name="Account">The account, as the wire writes it.</param>
/// <param name="OrderId">The resting order.</param>
/// <param name="Symbol">The order's symbol.</param>
/// <param name="Reason">One of the reason codes below.</param>
/// <param name="Since">When the hold for this reason began.</param>
/// <param name="Detail">Why, in words with the numbers.</param>
public sealed record ProviderPendingHold(string Account, string OrderId, string Symbol, string Reason, DateTimeOffset Since, string Detail)
{
    /// <summary>Every reason, so each is reported (at 0) before it first happens.</summary>
    public static readonly IReadOnlyList<string> Reasons = [StalePrice, MarketClosed, DegradedPortfolio, LinkDown, CancelsUsed];

    /// <summary>The order's symbol has no fresh price.</summary>
    public const string StalePrice = "stale_price";

    /// <summary>The order's symbol is outside its trading hours: expected, so not counted in the oldest hold (no alert over a weekend).</summary>
    public const string MarketClosed = "market_closed";

    /// <summary>The account's portfolio cannot be valued (a position's price or terms are missing).</summary>
    public const string DegradedPortfolio = "degraded_portfolio";

    /// <summary>Free margin is short but the provider link is down: a cancel could not go.</summary>
    public const string LinkDown = "link_down";

    /// <summary>Free margin is short and every resting order of the account has had its one cancel (the provider refused it).</summary>
    public const string CancelsUsed = "cancels_used";
}
