namespace Tickwatch.Storage.Prices;

/// <summary>What sealing a feed's fences did.</summary>
/// <param name="Sealed">Symbols whose fence was raised to the token.</param>
/// <param name="MaxFenceSeen">The highest fence of the feed found on any of the symbols before sealing; 0 when none had one.</param>
public sealed record PriceFenceSeal(int Sealed, long MaxFenceSeen);
