namespace Tickwatch.Storage.Prices;

/// <summary>The prices an earlier Tickwatch stored under its old key form, which <see cref="OldPriceKeyMigration"/> moves to the current key once.</summary>
public interface IOldPriceKeys
{
    /// <summary>The old-form prices of <paramref name="symbols"/> that exist, as stored (with their <see cref="StoredPrice.Timestamp"/>), and the symbols whose old hash is not a price.</summary>
    /// <exception cref="PriceStoreException">The store could not be read.</exception>
    Task<OldPriceRead> ReadManyAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken);

    /// <summary>Deletes the old-form key of <paramref name="price"/>'s symbol if it still holds <paramref name="price"/>'s version; true when the key is gone afterwards, false when it holds another price.</summary>
    /// <exception cref="PriceStoreException">The store could not be reached.</exception>
    Task<bool> DeleteAsync(StoredPrice price, CancellationToken cancellationToken);
}
