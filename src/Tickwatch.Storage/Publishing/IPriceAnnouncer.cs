using Tickwatch.Storage.Prices;

namespace Tickwatch.Storage.Publishing;

/// <summary>Announces written prices to subscribers: the symbol on <c>market_price_updates</c>, the price on <c>prices:{market:SYMBOL}</c>.</summary>
/// <remarks>
/// Takes write results rather than prices, and publishes only those that say
/// <see cref="PriceWriteOutcome.Written"/>: a refused or failed write is never announced (the reference's defect 6).
/// </remarks>
public interface IPriceAnnouncer
{
    /// <summary>Publishes the written prices among <paramref name="results"/>; never throws for a store failure.</summary>
    Task<PublishSummary> PublishAsync(IReadOnlyList<PriceWriteResult> results, CancellationToken cancellationToken);
}
