namespace Tickwatch.Storage.Prices;

/// <summary>
/// Moves the prices an earlier Tickwatch stored under its old key form (<see cref="RedisKeys.OldMarketPrice"/>) to the
/// current key, newer wins, then deletes the old keys: idempotent, and safe when both forms exist.
/// </summary>
/// <remarks>
/// The rewrite is the store's own newer-wins write, so the current key takes the old price only when it has none or an
/// older version, and the old price keeps its stored time (an old price must not look newly written). An old key is
/// deleted only if it still holds the version that was read, so a price written there meanwhile is never lost.
/// </remarks>
public sealed class OldPriceKeyMigration
{
    private readonly IPriceStore _store;
    private readonly IOldPriceKeys _oldKeys;

    public OldPriceKeyMigration(IPriceStore store, IOldPriceKeys oldKeys)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(oldKeys);
        _store = store;
        _oldKeys = oldKeys;
    }

    /// <summary>Moves the old-form prices of <paramref name="symbols"/>; never throws for a store failure (see <see cref="OldPriceKeyMigrationResult.Error"/>).</summary>
    public async Task<OldPriceKeyMigrationResult> RunAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        OldPriceRead old;
        try
        {
            old = await _oldKeys.ReadManyAsync(symbols, cancellationToken).ConfigureAwait(false);
        }
        catch (PriceStoreException ex)
        {
            return new OldPriceKeyMigrationResult { Found = 0, Moved = 0, KeptCurrent = 0, Deleted = 0, Left = [], Error = ex.Message };
        }

        var left = new List<string>(old.Unreadable);
        int moved = 0, kept = 0, deleted = 0;
        if (old.Prices.Count == 0)
        {
            return new OldPriceKeyMigrationResult { Found = left.Count, Moved = 0, KeptCurrent = 0, Deleted = 0, Left = left };
        }

        var results = await _store.WriteAsync(old.Prices, cancellationToken).ConfigureAwait(false);
        string? error = null;
        for (var i = 0; i < results.Count; i++)
        {
            var price = old.Prices[i];
            switch (results[i].Outcome)
            {
                case PriceWriteOutcome.Written:
                    moved++;
                    break;
                case PriceWriteOutcome.RefusedOlder:
                    kept++;
                    break;
                default:
                    left.Add(price.Symbol);
                    continue;
            }

            try
            {
                if (await _oldKeys.DeleteAsync(price, cancellationToken).ConfigureAwait(false))
                {
                    deleted++;
                }
                else
                {
                    left.Add(price.Symbol);
                }
            }
            catch (PriceStoreException ex)
            {
                error ??= ex.Message;
                left.Add(price.Symbol);
            }
        }

        return new OldPriceKeyMigrationResult
        {
            Found = old.Prices.Count + old.Unreadable.Count,
            Moved = moved,
            KeptCurrent = kept,
            Deleted = deleted,
            Left = left,
            Error = error,
        };
    }
}
