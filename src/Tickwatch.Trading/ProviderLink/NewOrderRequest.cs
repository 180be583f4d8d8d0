using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>Opens a position: a market order fills at once, a limit or stop order rests until the market crosses <see cref="Price"/>.</summary>
public sealed record NewOrderRequest : ProviderMessage
{
    /// <summary>The order type; on the wire its <c>side</c> and <c>ord_type</c> (<c>MARKET</c>, <c>LIMIT</c>, <c>STOP</c>).</summary>
    public required OrderType Type { get; init; }

    /// <summary>Lots, more than 0.</summary>
    public required decimal Volume { get; init; }

    /// <summary>The trigger price of a limit or stop order (required for them); for a market order the price the engine saw, or null.</summary>
    public decimal? Price { get; init; }
}
