namespace Tickwatch.Storage.Prices;

/// <summary>Seals the fences of a feed's prices, so that no write made under an older lease of the feed lands afterwards.</summary>
/// <remarks>
/// Apart from <see cref="IPriceStore"/>, which many fakes implement: only the stores that check fences seal them. Failures
/// come back as exceptions (the caller retries the takeover).
/// </remarks>
public interface IPriceFenceStore
{
    /// <summary>
    /// Raises the fence of <paramref name="feed"/> on each of <paramref name="symbols"/> to <paramref name="token"/> where it
    /// is lower (never lowers it), and tells the highest fence seen: one at or above the token means another grant of the
    /// feed's lease came later, or the lease's token counter was lost (the caller re-acquires above it).
    /// </summary>
    Task<PriceFenceSeal> SealAsync(string feed, long token, IReadOnlyList<string> symbols, CancellationToken ct);
}
