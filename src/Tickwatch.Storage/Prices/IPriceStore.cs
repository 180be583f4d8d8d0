using Tickwatch.Storage.Health;

namespace Tickwatch.Storage.Prices;

/// <summary>Keeps the latest price of every symbol; a price is written only over an older version ("newer wins").</summary>
/// <remarks>
/// Both implementations (in-memory and Redis Cluster) pass one contract test suite. The store never
/// decides what to publish: callers publish only the results that say <see cref="PriceWriteOutcome.Written"/>.
/// </remarks>
public interface IPriceStore
{
    StoreKind Kind { get; }

    /// <summary>
    /// Applies each price newer-wins, each on its own (a batch is not atomic: some may be written while others are
    /// refused or fail), and returns one result per price, in order. Prices of one symbol in one batch apply in order.
    /// Store failures come back as <see cref="PriceWriteOutcome.Failed"/> results, never as exceptions. A written price
    /// gets its receipt time as <see cref="StoredPrice.Timestamp"/> (never the write time), unless it carries one (a price moved from an old key keeps its own).
    /// A stored version more than <see cref="Tickwatch.Core.Prices.SourceClock.MaxStoredLead"/> ahead of now is poisoned: any price replaces it.
    /// </summary>
    Task<IReadOnlyList<PriceWriteResult>> WriteAsync(IReadOnlyList<StoredPrice> prices, CancellationToken cancellationToken);

    /// <summary>The stored price of <paramref name="symbol"/>, or null if none.</summary>
    /// <exception cref="PriceStoreException">The store could not be read.</exception>
    Task<StoredPrice?> ReadAsync(string symbol, CancellationToken cancellationToken);

    /// <summary>The stored prices of <paramref name="symbols"/>, in order, null where none is stored.</summary>
    /// <exception cref="PriceStoreException">The store could not be read.</exception>
    Task<IReadOnlyList<StoredPrice?>> ReadManyAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken);
}
