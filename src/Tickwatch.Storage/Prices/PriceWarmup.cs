using Tickwatch.Core.Prices;

namespace Tickwatch.Storage.Prices;

/// <summary>Loads the last stored prices so that clients see a value at once after a start or a reconnection: shown, marked warmed-up, never fresh.</summary>
/// <remarks>
/// Unlike the reference's warm-up (defect 8), nothing is invented: only prices the store really holds are loaded,
/// with the time they were received, and <see cref="PriceBook.Warm"/> marks them so that freshness checks and
/// trading ignore them until a live update arrives. The book takes a stored price only for a symbol it has no price for.
/// </remarks>
public sealed class PriceWarmup
{
    private readonly IPriceStore _store;
    private readonly TimeProvider _time;

    public PriceWarmup(IPriceStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
    }

    /// <summary>Reads the stored prices of <paramref name="symbols"/>; never throws for a store failure (see <see cref="PriceWarmupResult.Error"/>).</summary>
    public async Task<PriceWarmupResult> LoadAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var started = _time.GetTimestamp();
        IReadOnlyList<StoredPrice?> stored;
        try
        {
            stored = await _store.ReadManyAsync(symbols, cancellationToken).ConfigureAwait(false);
        }
        catch (PriceStoreException ex)
        {
            return Result(symbols.Count, [], symbols, 0, 0, started, ex.Message);
        }

        var prices = new List<StoredPrice>(symbols.Count);
        var missing = new List<string>();
        for (var i = 0; i < symbols.Count; i++)
        {
            if (stored[i] is { } price)
            {
                prices.Add(price);
            }
            else
            {
                missing.Add(symbols[i]);
            }
        }

        return Result(symbols.Count, prices, missing, 0, 0, started, null);
    }

    /// <summary>Loads the stored price of every symbol <paramref name="book"/> knows and shows each one the book has no price for.</summary>
    public async Task<PriceWarmupResult> WarmAsync(PriceBook book, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(book);
        var started = _time.GetTimestamp();
        var symbols = book.Symbols.All.Select(s => s.Symbol).Order(StringComparer.Ordinal).ToArray();
        var loaded = await LoadAsync(symbols, cancellationToken).ConfigureAwait(false);
        if (!loaded.Succeeded)
        {
            return loaded;
        }

        int warmed = 0, notTaken = 0;
        foreach (var price in loaded.Prices)
        {
            // The received time is the price's real age; the book sequence carries on from where it stopped.
            if (book.Warm(price.Symbol, price.Bid, price.Ask, price.ReceivedAt, price.BookSequence, price.Version))
            {
                warmed++;
            }
            else
            {
                notTaken++;
            }
        }

        return Result(symbols.Length, loaded.Prices, loaded.MissingSymbols, warmed, notTaken, started, null);
    }

    private PriceWarmupResult Result(int requested, IReadOnlyList<StoredPrice> prices, IReadOnlyList<string> missing, int warmed, int notTaken, long started, string? error)
    {
        var now = _time.GetUtcNow();
        return new PriceWarmupResult
        {
            Requested = requested,
            Loaded = prices.Count,
            Warmed = warmed,
            NotTaken = notTaken,
            MissingSymbols = missing,
            OldestAgeSeconds = prices.Count == 0 ? null : Math.Round(prices.Max(p => (now - p.ReceivedAt).TotalSeconds), 3),
            ElapsedMs = Math.Round(_time.GetElapsedTime(started).TotalMilliseconds, 3),
            Error = error,
            Prices = prices,
        };
    }
}
