namespace Tickwatch.Core.Trading;

/// <summary>One position's figures at a quote, in the account currency: what a close now would realise.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Symbol">Its symbol.</param>
/// <param name="ClosePrice">The price a close would execute at (half spread included).</param>
/// <param name="Profit">Gross floating P&amp;L, converted, to the cent.</param>
/// <param name="NetProfit">Profit plus swap minus commission.</param>
/// <param name="Margin">Margin the position holds, converted, to the cent.</param>
/// <param name="BookSequence">The book sequence of the quote it was valued at.</param>
public sealed record PositionValuation(
    string OrderId,
    string Symbol,
    decimal ClosePrice,
    decimal Profit,
    decimal NetProfit,
    decimal Margin,
    long BookSequence);
