using System.Collections.Concurrent;
using Tickwatch.Core.Symbols;

namespace Tickwatch.Core.Prices;

/// <summary>
/// The latest true price of every symbol, in memory: merges partial updates, keeps older updates
/// from overwriting newer ones, refuses invalid prices with a reason, keeps each feed's last price
/// for comparison, and says how fresh each symbol is.
/// </summary>
/// <remarks>
/// Thread-safe: each symbol has its own lock, so feeds delivering different symbols never wait on
/// each other. Across feeds the newest arrival wins; within a feed, the source's sequence (or time) decides.
/// </remarks>
public sealed class PriceBook
{
    private readonly ConcurrentDictionary<string, SymbolPriceState> _states = new(StringComparer.Ordinal);
    private readonly Func<string, SymbolSettings, SymbolPriceState> _createState = static (_, settings) => new SymbolPriceState(settings);
    private readonly long[] _rejected = new long[Enum.GetValues<QuoteRejection>().Length];
    private readonly TimeProvider _time;
    private IQuoteListener[] _listeners = [];
    private long _accepted;
    private long _incomplete;
    private long _incompleteStaleSide;
    private long _duplicates;
    private long _outOfOrder;
    private long _superseded;
    private long _tradesAccepted;
    private long _tradesOlder;
    private long _tradesRefused;
    private long _tradesOutsideQuote;
    private long _replicated;

    public PriceBook(SymbolRegistry symbols, TimeProvider time)
        : this(symbols, time, [])
    {
    }

    /// <summary>A book that tells <paramref name="listeners"/> of every quote it accepts, in their order.</summary>
    public PriceBook(SymbolRegistry symbols, TimeProvider time, IEnumerable<IQuoteListener> listeners)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(listeners);
        Symbols = symbols;
        _time = time;
        _listeners = [.. listeners];
        foreach (var listener in _listeners)
        {
            ArgumentNullException.ThrowIfNull(listener, nameof(listeners));
        }
    }

    public SymbolRegistry Symbols { get; }

    /// <summary>Adds a listener told of every accepted quote; add listeners before feeds start.</summary>
    public void AddListener(IQuoteListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_states)
        {
            Volatile.Write(ref _listeners, [.. _listeners, listener]);
        }
    }

    public PriceApplyResult Apply(in PriceUpdate update)
    {
        if (StateOf(update.Symbol) is not { } state)
        {
            Interlocked.Increment(ref _rejected[(int)QuoteRejection.UnknownSymbol]);
            return PriceApplyResult.Refused(QuoteRejection.UnknownSymbol);
        }

        var result = state.Apply(update);
        switch (result.Outcome)
        {
            case PriceApplyOutcome.Accepted:
                Interlocked.Increment(ref _accepted);
                foreach (var listener in Volatile.Read(ref _listeners))
                {
                    listener.OnQuote(result.Quote!);
                }

                break;
            case PriceApplyOutcome.Incomplete:
                Interlocked.Increment(ref _incomplete);
                if (result.Incompletion == IncompleteReason.StaleOtherSide)
                {
                    Interlocked.Increment(ref _incompleteStaleSide);
                }
                break;
            case PriceApplyOutcome.Duplicate:
                Interlocked.Increment(ref _duplicates);
                break;
            case PriceApplyOutcome.OutOfOrder:
                Interlocked.Increment(ref _outOfOrder);
                break;
            case PriceApplyOutcome.Superseded:
                Interlocked.Increment(ref _superseded);
                break;
            case PriceApplyOutcome.Rejected:
                Interlocked.Increment(ref _rejected[(int)result.Rejection]);
                break;
        }

        return result;
    }

    /// <summary>
    /// Records a venue's trade as its symbol's last trade (an older trade id never replaces a newer one) and checks it
    /// against the fresh quote; no quote, freshness or listener is touched.
    /// </summary>
    public TradeApplyResult ApplyTrade(in TradePrint trade)
    {
        if (StateOf(trade.Symbol) is not { } state)
        {
            Interlocked.Increment(ref _tradesRefused);
            return new TradeApplyResult(TradeApplyOutcome.UnknownSymbol);
        }

        var result = state.ApplyTrade(trade);
        switch (result.Outcome)
        {
            case TradeApplyOutcome.Accepted:
                Interlocked.Increment(ref _tradesAccepted);
                if (result.OutsideQuote)
                {
                    Interlocked.Increment(ref _tradesOutsideQuote);
                }

                break;
            case TradeApplyOutcome.Older:
                Interlocked.Increment(ref _tradesOlder);
                break;
            default:
                Interlocked.Increment(ref _tradesRefused);
                break;
        }

        return result;
    }

    // One lookup on the hot path: a symbol has a state only if the registry knows it, and the registry never forgets.
    private SymbolPriceState? StateOf(string symbol)
    {
        if (_states.TryGetValue(symbol, out var state))
        {
            return state;
        }

        return Symbols.TryGet(symbol, out var settings) ? _states.GetOrAdd(symbol, _createState, settings) : null;
    }

    /// <summary>The current quote of <paramref name="symbol"/> (possibly stale or warmed up), or null.</summary>
    public Quote? GetQuote(string symbol) => _states.TryGetValue(symbol, out var state) ? state.Current : null;

    /// <summary>The quote of <paramref name="symbol"/> only if it may be acted on now.</summary>
    public bool TryGetFreshQuote(string symbol, out Quote? quote, out Freshness freshness)
    {
        quote = GetQuote(symbol);
        freshness = Symbols.TryGet(symbol, out var settings)
            ? PriceFreshness.Of(quote, settings, _time.GetUtcNow())
            : Freshness.Missing;
        return freshness == Freshness.Fresh;
    }

    /// <summary>
    /// Loads a stored price for display until a live one arrives; it is never fresh. It replaces no fresh quote, and a
    /// stale or warmed-up one only when newer. <paramref name="storedVersion"/> is the version the store holds it at,
    /// so that only a live price the store would also take replaces it.
    /// </summary>
    public bool Warm(string symbol, decimal bid, decimal ask, DateTimeOffset storedAt, long storedSequence = 0, PriceVersion? storedVersion = null)
    {
        if (!Symbols.TryGet(symbol, out var settings))
        {
            return false;
        }

        return _states.GetOrAdd(symbol, _createState, settings).Warm(bid, ask, storedAt, storedSequence, storedVersion, _time.GetUtcNow());
    }

    /// <summary>Prices taken from other instances' writes (<see cref="ApplyReplicated"/>) since the start.</summary>
    public long Replicated => Interlocked.Read(ref _replicated);

    /// <summary>
    /// Takes a price another instance of the cluster received and stored (from its announcement) when it is newer than the
    /// book's, marked <see cref="Quote.IsReplicated"/>, and tells the listeners of it (the store writer does not write it
    /// back). Returns the quote the book now holds, or null when it was not newer, invalid or of an unknown symbol.
    /// </summary>
    public Quote? ApplyReplicated(Quote replicated)
    {
        ArgumentNullException.ThrowIfNull(replicated);
        if (StateOf(replicated.Symbol) is not { } state || state.ApplyReplicated(replicated, _time.GetUtcNow()) is not { } quote)
        {
            return null;
        }

        Interlocked.Increment(ref _replicated);
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            listener.OnQuote(quote);
        }

        return quote;
    }

    /// <summary>Every known symbol, seen or not, as of now.</summary>
    public IReadOnlyList<SymbolPriceSnapshot> Snapshot()
    {
        var now = _time.GetUtcNow();
        var snapshots = new List<SymbolPriceSnapshot>(Symbols.Count);
        foreach (var settings in Symbols.All)
        {
            snapshots.Add(_states.TryGetValue(settings.Symbol, out var state)
                ? state.Snapshot(now)
                : new SymbolPriceSnapshot
                {
                    Settings = settings,
                    Freshness = PriceFreshness.Of(null, settings, now),
                    Feeds = [],
                    Rejected = new long[_rejected.Length],
                });
        }

        snapshots.Sort(static (a, b) => string.CompareOrdinal(a.Symbol, b.Symbol));
        return snapshots;
    }

    public PriceBookStatistics Statistics => new(
        Interlocked.Read(ref _accepted),
        Interlocked.Read(ref _incomplete),
        Interlocked.Read(ref _duplicates),
        Interlocked.Read(ref _outOfOrder),
        Interlocked.Read(ref _superseded),
        Enum.GetValues<QuoteRejection>()
            .Where(r => r != QuoteRejection.None)
            .ToDictionary(r => r, r => Interlocked.Read(ref _rejected[(int)r])))
    {
        IncompleteStaleSide = Interlocked.Read(ref _incompleteStaleSide),
        TradesAccepted = Interlocked.Read(ref _tradesAccepted),
        TradesOlder = Interlocked.Read(ref _tradesOlder),
        TradesRefused = Interlocked.Read(ref _tradesRefused),
        TradesOutsideQuote = Interlocked.Read(ref _tradesOutsideQuote),
    };
}
