using Tickwatch.Storage.Prices;

namespace Tickwatch.Storage.Publishing;

/// <summary>A price store that can announce each price it writes in the same atomic step as the write, so that a refused or failed write is never announced.</summary>
/// <remarks>
/// The store writer prefers this to writing and then publishing through <see cref="IPriceAnnouncer"/>: it
/// saves a round trip per batch, and "announced only if written" no longer depends on the caller reading the results.
/// </remarks>
public interface IAnnouncingPriceStore : IPriceStore
{
    /// <summary>True when <see cref="WriteAndAnnounceAsync"/> announces on at least one channel (it may be configured to announce nothing).</summary>
    bool Announces { get; }

    /// <summary>Like <see cref="IPriceStore.WriteAsync"/>, and each price written is announced by the store as part of its write.</summary>
    Task<IReadOnlyList<PriceWriteResult>> WriteAndAnnounceAsync(IReadOnlyList<StoredPrice> prices, CancellationToken cancellationToken);
}
