using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tickwatch.Core.Prices;
using Tickwatch.Core.Symbols;
using Tickwatch.Gateway.Hosting;
using Tickwatch.Storage.Prices;

namespace Tickwatch.Gateway.Quotes;

/// <summary>Reads prices from the store the market service writes and tells their age and freshness by the symbol's own limit.</summary>
public sealed class QuoteBoard(IPriceStore store, SymbolRegistry symbols, TimeProvider time, IOptions<GatewayOptions> options, ILogger<QuoteBoard> logger)
{
    public TimeProvider Time => time;

    /// <summary>Every symbol the broker lists, in order.</summary>
    public IReadOnlyList<string> AllSymbols() => [.. symbols.All.Select(s => s.Symbol).Order(StringComparer.Ordinal)];

    /// <summary>The settings of a listed symbol (names are upper case).</summary>
    public bool TryGetSymbol(string symbol, [NotNullWhen(true)] out SymbolSettings? settings) => symbols.TryGet(symbol, out settings);

    /// <summary>The stored prices of <paramref name="names"/>, in order, within the upstream timeout.</summary>
    /// <exception cref="PriceStoreException">The store could not be read in time.</exception>
    public async Task<IReadOnlyList<StoredPrice?>> ReadAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        using var timeout = new CancellationTokenSource(options.Value.UpstreamTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await store.ReadManyAsync(names, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            GatewayLog.StoreUnreadable(logger, ex, "no answer within Gateway:UpstreamTimeout");
            throw new PriceStoreException("The price store did not answer within Gateway:UpstreamTimeout.", ex);
        }
        catch (PriceStoreException ex)
        {
            GatewayLog.StoreUnreadable(logger, ex, ex.Message);
            throw;
        }
    }

    /// <summary>What a client is shown for <paramref name="price"/> of <paramref name="settings"/> at <paramref name="now"/>.</summary>
    public static QuoteView View(SymbolSettings settings, StoredPrice? price, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var freshness = FreshnessOf(settings, price, now);
        var maxAgeMs = settings.MaxQuoteAge.TotalMilliseconds;
        return price is null
            ? new QuoteView(settings.Symbol, null, null, null, null, null, null, null, null, null, maxAgeMs, freshness, false, null)
            : new QuoteView(
                settings.Symbol,
                price.Bid,
                price.Ask,
                price.Ask - price.Bid,
                price.BookSequence,
                price.SourceSequence,
                price.SourceTime,
                price.ReceivedAt,
                price.Timestamp,
                ClientQuoteFields.AgeMsAt(price.ReceivedAt, now),
                maxAgeMs,
                freshness,
                freshness == Freshness.Fresh,
                price.Feed);
    }

    /// <summary>The book's one freshness rule, applied to a stored price: its age from local receipt against the symbol's limit.</summary>
    /// <remarks>Called for every frame the stream makes: it reads the receipt time, never copies the price into a quote.</remarks>
    public static Freshness FreshnessOf(SymbolSettings settings, StoredPrice? price, DateTimeOffset now) =>
        PriceFreshness.OfLive(price?.ReceivedAt, settings, now);
}
