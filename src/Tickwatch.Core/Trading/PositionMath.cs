namespace Tickwatch.Core.Trading;

/// <summary>The formulas of one position, in the instrument's profit currency (reference-system.md §3).</summary>
public static class PositionMath
{
    /// <summary>Floating or realised P&amp;L: BUY (close − entry), SELL (entry − close), times volume and contract size.</summary>
    public static decimal Profit(TradeSide side, decimal openPrice, decimal closePrice, decimal volume, decimal contractSize) =>
        (side == TradeSide.Buy ? closePrice - openPrice : openPrice - closePrice) * volume * contractSize;

    /// <summary>Margin a position holds: contract size × volume × price ÷ leverage, times the crypto margin factor for crypto.</summary>
    public static decimal Margin(GroupSymbolTerms terms, decimal volume, decimal price, decimal leverage)
    {
        ArgumentNullException.ThrowIfNull(terms);
        if (leverage <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(leverage), leverage, "Leverage must be positive.");
        }

        var margin = terms.ContractSize * volume * price / leverage;
        return terms.InstrumentType == Symbols.InstrumentKind.Crypto ? margin * terms.CryptoMarginFactor : margin;
    }

    /// <summary>Commission charged when <paramref name="volume"/> lots open, in the account currency.</summary>
    public static decimal Commission(GroupSymbolTerms terms, decimal volume)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return Money(terms.CommissionPerLot * volume);
    }

    /// <summary>An amount in the account currency, to the cent (banker's rounding, as a ledger books it).</summary>
    public static decimal Money(decimal amount) => decimal.Round(amount, 2, MidpointRounding.ToEven);
}
