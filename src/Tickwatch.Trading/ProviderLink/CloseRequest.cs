using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.ProviderLink;

/// <summary>Closes <see cref="Volume"/> lots of the open position <see cref="ProviderMessage.OrderId"/> at the market.</summary>
public sealed record CloseRequest : ProviderMessage
{
    /// <summary>The side of the closing trade: <see cref="TradeSide.Sell"/> closes a BUY position.</summary>
    public required TradeSide Side { get; init; }

    /// <summary>Lots to close, more than 0 (less than the position's for a partial close).</summary>
    public required decimal Volume { get; init; }
}
