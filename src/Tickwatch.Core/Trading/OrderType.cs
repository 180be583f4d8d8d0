namespace Tickwatch.Core.Trading;

/// <summary>The reference's order types: two at market and four that rest until the market crosses their price.</summary>
public enum OrderType
{
    Buy,
    Sell,
    BuyLimit,
    SellLimit,
    BuyStop,
    SellStop,
}
