namespace Tickwatch.Core.Trading;

/// <summary>One open position or resting order as the portfolio values it.</summary>
/// <param name="OrderId">The order it belongs to.</param>
/// <param name="Side">BUY or SELL.</param>
/// <param name="Volume">Lots.</param>
/// <param name="Price">Entry price of a position; trigger price of a resting order.</param>
/// <param name="Terms">The account group's terms for the symbol.</param>
/// <param name="IsResting">True for a pending order: it holds margin, it has no P&amp;L.</param>
/// <param name="Swap">Swap accrued so far, account currency.</param>
/// <param name="Commission">Commission charged, account currency.</param>
public sealed record PortfolioPosition(
    string OrderId,
    TradeSide Side,
    decimal Volume,
    decimal Price,
    GroupSymbolTerms Terms,
    bool IsResting = false,
    decimal Swap = 0m,
    decimal Commission = 0m)
{
    public string Symbol => Terms.Symbol;
}
