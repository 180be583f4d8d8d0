namespace Tickwatch.TradingHarness;

/// <summary>How the order load counts its rate.</summary>
internal enum OrderMix
{
    /// <summary>The rate counts every request: an open, then the close of an earlier open, in turn.</summary>
    Alternate,

    /// <summary>The rate counts opens; each is closed too, so twice the rate of requests goes out.</summary>
    Pairs,
}
