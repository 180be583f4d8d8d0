namespace Tickwatch.Core.Trading;

/// <summary>Which way a position or order faces.</summary>
public enum TradeSide
{
    Buy,
    Sell,
}
