using Tickwatch.Core.Symbols;

namespace Tickwatch.Core.Trading;

/// <summary>What a group charges and requires for one symbol (the reference's <c>groups:{Standard}:EURUSD</c> hash).</summary>
public sealed record GroupSymbolTerms
{
    public required string Group { get; init; }

    public required string Symbol { get; init; }

    /// <summary>Spread the broker adds, in pips; with <see cref="SpreadPip"/> it gives the half spread each side carries.</summary>
    public required decimal Spread { get; init; }

    /// <summary>Price value of one pip (0.0001 for EURUSD, 0.01 for USDJPY).</summary>
    public required decimal SpreadPip { get; init; }

    /// <summary>Units of the instrument in one lot (100,000 for FX, 100 for gold, 1 for BTCUSD).</summary>
    public required decimal ContractSize { get; init; }

    /// <summary>Currency the instrument's profit is counted in (the quote currency: USD for EURUSD, JPY for USDJPY).</summary>
    public required string ProfitCurrency { get; init; }

    public required InstrumentKind InstrumentType { get; init; }

    /// <summary>Multiplier on a crypto position's margin.</summary>
    public decimal CryptoMarginFactor { get; init; } = 1m;

    /// <summary>Commission per lot, in the account currency, charged when a position opens.</summary>
    public decimal CommissionPerLot { get; init; }

    /// <summary>Swap per lot per rollover, in the account currency, for a BUY position.</summary>
    public decimal SwapLong { get; init; }

    /// <summary>Swap per lot per rollover, in the account currency, for a SELL position.</summary>
    public decimal SwapShort { get; init; }

    public decimal MinVolume { get; init; } = 0.01m;

    public decimal MaxVolume { get; init; } = 100m;

    public decimal VolumeStep { get; init; } = 0.01m;

    /// <summary>What each side of an execution carries on top of the book's price: spread × spread_pip / 2.</summary>
    public decimal HalfSpread => Spread * SpreadPip / 2m;

    /// <summary>True when <paramref name="volume"/> lots may be traded: positive, within the bounds, on the step.</summary>
    public bool IsValidVolume(decimal volume) =>
        volume > 0m && volume >= MinVolume && volume <= MaxVolume && (VolumeStep <= 0m || volume % VolumeStep == 0m);
}
