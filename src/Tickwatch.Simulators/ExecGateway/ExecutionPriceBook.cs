using System.Collections.Concurrent;
using Tickwatch.Core.Prices;
using Tickwatch.Feeds.Listening;

namespace Tickwatch.Simulators.ExecGateway;

/// <summary>
/// The execution gateway's prices: the last bid and ask per symbol, fed by a quote hub's feed through the market's own
/// <see cref="FeedListener"/> (so the gateway fills at what the market was sent) and by <c>POST /control/prices</c>.
/// </summary>
public sealed class ExecutionPriceBook : IExecutionPriceSource, IPriceUpdateSink
{
    private readonly ConcurrentDictionary<string, (decimal Bid, decimal Ask)> _quotes = new(StringComparer.Ordinal);

    public event Action<string>? PriceChanged;

    public int Count => _quotes.Count;

    public bool TryGetQuote(string symbol, out decimal bid, out decimal ask)
    {
        if (_quotes.TryGetValue(symbol, out var quote) && quote.Bid > 0m && quote.Ask > 0m)
        {
            (bid, ask) = quote;
            return true;
        }

        bid = ask = 0m;
        return false;
    }

    /// <summary>Sets a symbol's price; a missing side keeps its value (0 until first known, and then not quoted).</summary>
    public void Set(string symbol, decimal? bid, decimal? ask)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        if (bid <= 0m || ask <= 0m || (bid is { } b && ask is { } a && a < b))
        {
            throw new ArgumentException("A price needs a positive bid and ask, the ask not below the bid.", nameof(bid));
        }

        _quotes.AddOrUpdate(symbol, _ => (bid ?? 0m, ask ?? 0m), (_, old) => (bid ?? old.Bid, ask ?? old.Ask));
        PriceChanged?.Invoke(symbol);
    }

    public void OnUpdates(ReadOnlySpan<PriceUpdate> updates)
    {
        foreach (var update in updates)
        {
            _quotes.AddOrUpdate(update.Symbol, _ => (update.Bid ?? 0m, update.Ask ?? 0m), (_, old) => (update.Bid ?? old.Bid, update.Ask ?? old.Ask));
            PriceChanged?.Invoke(update.Symbol);
        }
    }
}
