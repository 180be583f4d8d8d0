using System.Text.Json.Serialization;

namespace Tickwatch.Market.Trading;

/// <summary>The body of a new order: numbers as JSON numbers or strings, read exactly as decimals.</summary>
[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
public sealed record PlaceOrderBody(
    string? Symbol,
    string? Type,
    decimal? Volume,
    decimal? Price,
    decimal? StopLoss,
    decimal? TakeProfit,
    decimal? SeenPrice,
    long? SeenSequence,
    decimal? MaxDeviation);

/// <summary>The body of a close: no volume closes the whole position.</summary>
[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
public sealed record CloseOrderBody(decimal? Volume);

/// <summary>The body of a change: absent leaves a value, 0 removes a stop.</summary>
[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
public sealed record ModifyOrderBody(decimal? StopLoss, decimal? TakeProfit, decimal? Price);

/// <summary>An account's configuration as an operator creates or changes it.</summary>
[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
public sealed record AccountBody(
    decimal? WalletBalance,
    decimal? Leverage,
    string? Group,
    string? SendingOrders,
    string? Email,
    decimal? AutoCutoffLevel,
    decimal? AutoLiquidationLevel,
    string? Status,
    string? Currency);

/// <summary>A group's terms for one symbol, as the reference's hash names them.</summary>
[JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)]
public sealed record GroupTermsBody(
    decimal? Spread,
    decimal? SpreadPip,
    decimal? ContractSize,
    string? Profit,
    string? Type,
    decimal? CryptoMarginFactor,
    decimal? Commission,
    decimal? SwapLong,
    decimal? SwapShort,
    decimal? MinVolume,
    decimal? MaxVolume,
    decimal? VolumeStep);
