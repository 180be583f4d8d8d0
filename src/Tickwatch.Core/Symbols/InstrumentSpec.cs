namespace Tickwatch.Core.Symbols;

/// <summary>A tradable instrument as the broker lists it, with the market character of its price.</summary>
/// <param name="Symbol">The broker's symbol, e.g. <c>EURUSD</c>.</param>
/// <param name="Kind">Instrument class.</param>
/// <param name="Digits">Decimal places the price is quoted to.</param>
/// <param name="ReferencePrice">A typical mid price, the starting point of simulations.</param>
/// <param name="TypicalSpread">A typical ask minus bid.</param>
/// <param name="TicksPerSecond">A typical update rate in an active session.</param>
/// <param name="DailyVolatility">A typical daily standard deviation of returns, as a fraction.</param>
public sealed record InstrumentSpec(
    string Symbol,
    InstrumentKind Kind,
    int Digits,
    decimal ReferencePrice,
    decimal TypicalSpread,
    decimal TicksPerSecond,
    decimal DailyVolatility);
