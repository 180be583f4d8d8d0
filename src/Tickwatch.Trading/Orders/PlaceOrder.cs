using Tickwatch.Core.Trading;

namespace Tickwatch.Trading.Orders;

/// <summary>A client's request to open a position or rest an order.</summary>
public sealed record PlaceOrder
{
    public required AccountId Account { get; init; }

    public required string Symbol { get; init; }

    public required OrderType Type { get; init; }

    public required decimal Volume { get; init; }

    /// <summary>The client's key: a repeat with the same key answers with the first result and places nothing.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Trigger price of a pending order.</summary>
    public decimal? Price { get; init; }

    public decimal? StopLoss { get; init; }

    public decimal? TakeProfit { get; init; }

    /// <summary>The execution price the client saw; with <see cref="MaxDeviation"/>, a fill further from it is refused as a requote.</summary>
    public decimal? SeenPrice { get; init; }

    /// <summary>The book sequence of the quote the client saw, recorded with the fill.</summary>
    public long? SeenSequence { get; init; }

    /// <summary>Largest distance from <see cref="SeenPrice"/> the client accepts.</summary>
    public decimal? MaxDeviation { get; init; }

    /// <summary>What a repeat is compared with: the same key with another request is a conflict, not a repeat.</summary>
    public string Fingerprint() => string.Join(
        '|',
        Account,
        Symbol,
        TradingWire.Of(Type),
        Volume.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Price?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        StopLoss?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        TakeProfit?.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
