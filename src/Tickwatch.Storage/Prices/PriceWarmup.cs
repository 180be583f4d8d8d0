using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tickwatch.Core.Prices;

namespace Tickwatch.Storage.Prices;

/// <summary>Loads the last stored prices so that clients see a value at once after a start or a reconnection: shown, marked warmed-up, never fresh.</summary>
/// <remarks>
/// Unlike the reference's warm-up (defect 8), nothing is invented: only prices the store really holds are loaded,
/// with the time they were received (a stored version from the future is invalid and not loaded into the book), and <see cref="PriceBook.Warm"/> marks them so that freshness checks and
/// trading ignore them until a live update arrives. The book takes a stored price only for a symbol it has no price for.
/// With <see cref="IOldPriceKeys"/>, the first warm-up that reaches the store first moves the prices an earlier
/// Tickwatch stored under the old key form (see <see cref="OldPriceKeyMigration"/>), so they are read too.
/// </remarks>
public sealed class PriceWarmup
{
    private readonly IPriceStore _store;
    private readonly TimeProvider _time;
    private readonly OldPriceKeyMigration? _migration;
    private readonly ILogger _logger;
    private int _oldKeysChecked;
    private long _oldKeysMoved;
    private long _futureVersions;

    public PriceWarmup(IPriceStore store, TimeProvider time, IOldPriceKeys? oldKeys = null, ILogger<PriceWarmup>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        _store = store;
        _time = time;
        _migration = oldKeys is null ? null : new OldPriceKeyMigration(store, oldKeys);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Prices moved from old-form keys since the start.</summary>
    public long OldKeysMoved => Interlocked.Read(ref _oldKeysMoved);

    /// <summary>Stored prices not warmed up since the start because their version lay in the future.</summary>
    public long FutureVersionsRefused => Interlocked.Read(ref _futureVersions);

    /// <summary>Reads the stored prices of <paramref name="symbols"/>; never throws for a store failure (see <see cref="PriceWarmupResult.Error"/>).</summary>
    public async Task<PriceWarmupResult> LoadAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var started = _time.GetTimestamp();
        var oldKeys = await MoveOldKeysOnceAsync(symbols, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<StoredPrice?> stored;
        try
        {
            stored = await _store.ReadManyAsync(symbols, cancellationToken).ConfigureAwait(false);
        }
        catch (PriceStoreException ex)
        {
            return Result(symbols.Count, [], symbols, 0, 0, started, ex.Message) with { OldKeys = oldKeys };
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

        return Result(symbols.Count, prices, missing, 0, 0, started, null) with { OldKeys = oldKeys };
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

        int warmed = 0, notTaken = 0, future = 0;
        var now = _time.GetUtcNow();
        foreach (var price in loaded.Prices)
        {
            // A version from the future would outrank every live price after it: not shown, and the writer replaces it.
            if (SourceClock.IsFuture(price.Version, now))
            {
                future++;
                notTaken++;
                Interlocked.Increment(ref _futureVersions);
                PoisonedPriceLog.NotWarmed(_logger, price.Symbol, price.Version.ToString(), PoisonedPriceLog.LeadSeconds(price.Version.TimestampMicros, now));
                continue;
            }

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

        return Result(symbols.Length, loaded.Prices, loaded.MissingSymbols, warmed, notTaken, started, null) with { OldKeys = loaded.OldKeys, FutureVersions = future };
    }

    /// <summary>Moves the old-form keys of <paramref name="symbols"/> the first time the store answers; null when that was done before (or there is no old form).</summary>
    private async Task<OldPriceKeyMigrationResult?> MoveOldKeysOnceAsync(IReadOnlyList<string> symbols, CancellationToken cancellationToken)
    {
        if (_migration is null || Volatile.Read(ref _oldKeysChecked) != 0)
        {
            return null;
        }

        var result = await _migration.RunAsync(symbols, cancellationToken).ConfigureAwait(false);
        var oldForm = RedisKeys.OldMarketPrice("SYMBOL");
        if (result.Error is { } error && result.Found == 0)
        {
            PriceWarmupLog.OldKeysFailed(_logger, oldForm, error);
            return result;
        }

        // Once read, done: keys left (unreadable, changed meanwhile) are named here rather than retried at every reconnection.
        Interlocked.Exchange(ref _oldKeysChecked, 1);
        Interlocked.Add(ref _oldKeysMoved, result.Moved);
        if (_logger.IsEnabled(LogLevel.Information))
        {
            // The key names and the list of keys left are built only for a line that is written.
            var newForm = RedisKeys.MarketPrice("SYMBOL");
            var left = string.Join(' ', result.Left);
            PriceWarmupLog.OldKeysMoved(_logger, oldForm, newForm, result.Found, result.Moved, result.KeptCurrent, result.Deleted, result.Left.Count, left);
        }
        return result;
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
