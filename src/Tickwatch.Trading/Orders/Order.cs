using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Orders;

/// <summary>An order and, once filled, its position (the reference's <c>user_holdings</c> and <c>order_data</c> hashes).</summary>
public sealed record Order
{
    public required string Id { get; init; }

    public required AccountId Account { get; init; }

    public required string Symbol { get; init; }

    public required OrderType Type { get; init; }

    public required OrderStatus Status { get; init; }

    /// <summary>Lots still open (after a partial close, less than at the fill).</summary>
    public required decimal Volume { get; init; }

    /// <summary>The group whose terms priced it.</summary>
    public required string Group { get; init; }

    public required ExecutionRoute Route { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The trigger price of a pending order.</summary>
    public decimal? PendingPrice { get; init; }

    /// <summary>The fill price, half spread included.</summary>
    public decimal? OpenPrice { get; init; }

    public DateTimeOffset? OpenedAt { get; init; }

    public decimal? StopLoss { get; init; }

    public decimal? TakeProfit { get; init; }

    /// <summary>Commission charged at the fill, account currency.</summary>
    public decimal Commission { get; init; }

    /// <summary>Swap accrued, account currency.</summary>
    public decimal Swap { get; init; }

    /// <summary>Realised P&amp;L of what was closed so far, account currency.</summary>
    public decimal RealisedProfit { get; init; }

    public decimal? ClosePrice { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Why a final order ended, when it was not the client's own close or cancel (e.g. a refusal reason, <c>stop_out</c>).</summary>
    public string? CloseReason { get; init; }

    /// <summary>The quote the fill used.</summary>
    public QuoteLineage? OpenQuote { get; init; }

    /// <summary>The quote the last close used.</summary>
    public QuoteLineage? CloseQuote { get; init; }

    /// <summary>The quote the client sent with the order, when it sent one.</summary>
    public ClientQuote? ClientQuote { get; init; }

    /// <summary>
    /// Lots of a provider-routed order still working at the provider after partial fills (the filled part is
    /// <see cref="Volume"/>, the position); their margin stays reserved until filled or cancelled. Null when none.
    /// </summary>
    public decimal? WorkingVolume { get; init; }

    /// <summary>A provider-routed order's close, cancel or modify sent to the provider and not answered yet.</summary>
    public OutstandingRequest? ProviderRequest { get; init; }

    public TradeSide Side => OrderTypeRules.SideOf(Type);
}
