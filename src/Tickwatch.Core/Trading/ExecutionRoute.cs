namespace Tickwatch.Core.Trading;

/// <summary>Where an account's orders are filled (the reference's <c>sending_orders</c>).</summary>
public enum ExecutionRoute
{
    /// <summary>The broker fills at its own price; demo accounts always.</summary>
    Local,

    /// <summary>The order goes to the liquidity provider, which fills or rejects asynchronously.</summary>
    Provider,
}
