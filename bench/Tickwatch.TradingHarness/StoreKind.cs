namespace Tickwatch.TradingHarness;

/// <summary>Where the market service keeps accounts, orders and portfolios in a run.</summary>
internal enum StoreKind
{
    /// <summary>The embedded stores of <c>tickwatch up</c>.</summary>
    Memory,

    /// <summary>A Redis Cluster on loopback (the harness's own, or <c>--seeds</c>).</summary>
    Redis,
}
